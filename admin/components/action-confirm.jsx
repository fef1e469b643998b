// Confirmation page of an action that changes data (accept, reject, presence, delete), on one
// record or on the selected records: says what will happen to each (« supprimera aussi :
// 1 lieu ») and sends the change as a POST, never as the GET that AdminJS uses for
// component-less actions. A record that rows of another table protect cannot be deleted:
// said at once (« Impossible de supprimer … »), and nothing to confirm. Afterwards, back where
// the staff member was: the record's page, or the list with its filters for the selected
// records; a refusal keeps the page, with its reason in the notice.
import React, { useState } from 'react';
import { ApiClient, useNotice, useTranslation } from 'adminjs';
import { Box, Button, DrawerContent, H4, Text } from '@adminjs/design-system';
import { useNavigate } from 'react-router';

const api = new ApiClient();

const AlsoDeleted = ({ record }) =>
  record.alsoDeleted && record.alsoDeleted.length ? (
    <Text data-testid="also-deleted" color="error">
      supprimera aussi : {record.alsoDeleted.join(', ')}
    </Text>
  ) : null;

const Protected = ({ record }) =>
  record.protectedBy && record.protectedBy.length ? (
    <Text data-testid="protected" color="error">
      Impossible de supprimer : cela nécessiterait de supprimer les objets protégés suivants : {record.protectedBy.join(', ')}
    </Text>
  ) : null;

const ActionConfirm = ({ action, resource, record, records }) => {
  const [busy, setBusy] = useState(false);
  const notice = useNotice();
  const navigate = useNavigate();
  const { translateAction } = useTranslation();
  const bulk = action.actionType === 'bulk';
  const selected = bulk ? records || [] : [record];
  const blocked = selected.some((r) => r.protectedBy && r.protectedBy.length);
  const run = async () => {
    setBusy(true);
    const target = { resourceId: resource.id, actionName: action.name, method: 'post' };
    const response = bulk
      ? await api.bulkAction({ ...target, recordIds: selected.map((r) => r.id) })
      : await api.recordAction({ ...target, recordId: record.id });
    if (response.data.notice) notice(response.data.notice);
    if (response.data.notice && response.data.notice.type === 'error') {
      setBusy(false);
      return;
    }
    if (bulk) {
      // The list the records were selected in, with its filters, reloaded.
      const search = new URLSearchParams(window.location.search);
      search.delete('recordIds');
      search.set('refresh', 'true');
      navigate(`/resources/${resource.id}?${search}`);
    } else {
      navigate(response.data.redirectUrl || `/resources/${resource.id}`);
    }
  };
  const body = (
    <Box variant={action.showInDrawer ? undefined : 'white'} data-testid="action-confirm-page">
      <H4>
        {translateAction(action.name, resource.id)}
        {bulk ? '' : ` : ${record.title}`}
      </H4>
      {action.custom && action.custom.question && <Text mb="lg">{action.custom.question}</Text>}
      {bulk ? (
        <ul>
          {selected.map((r) => (
            <li key={r.id}>
              <Text>{r.title}</Text>
              <AlsoDeleted record={r} />
              <Protected record={r} />
            </li>
          ))}
        </ul>
      ) : (
        <>
          <AlsoDeleted record={record} />
          <Protected record={record} />
        </>
      )}
      <Box mt="lg">
        <Button
          variant={action.variant === 'danger' ? 'danger' : 'contained'}
          disabled={busy || blocked}
          onClick={run}
          data-testid="action-confirm"
        >
          Confirmer
        </Button>
      </Box>
    </Box>
  );
  return action.showInDrawer ? <DrawerContent>{body}</DrawerContent> : body;
};

export default ActionConfirm;
