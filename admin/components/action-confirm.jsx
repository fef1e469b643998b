// Confirmation page of an action that changes data (accept, reject, presence), on one record
// or on the selected records: the change is sent as a POST, never as the GET that AdminJS
// uses for component-less actions.
import React, { useState } from 'react';
import { ApiClient, useNotice, useTranslation } from 'adminjs';
import { Box, Button, H4, Text } from '@adminjs/design-system';
import { useNavigate } from 'react-router';

const api = new ApiClient();

const ActionConfirm = ({ action, resource, record, records }) => {
  const [busy, setBusy] = useState(false);
  const notice = useNotice();
  const navigate = useNavigate();
  const { translateAction } = useTranslation();
  const bulk = action.actionType === 'bulk';
  const run = async () => {
    setBusy(true);
    const target = { resourceId: resource.id, actionName: action.name, method: 'post' };
    const response = bulk
      ? await api.bulkAction({ ...target, recordIds: (records || []).map((r) => r.id) })
      : await api.recordAction({ ...target, recordId: record.id });
    if (response.data.notice) notice(response.data.notice);
    navigate(response.data.redirectUrl || `/resources/${resource.id}`);
  };
  return (
    <Box variant="white">
      <H4>{translateAction(action.name, resource.id)}{bulk ? '' : ` : ${record.title}`}</H4>
      {action.custom && action.custom.question && <Text mb="lg">{action.custom.question}</Text>}
      {bulk && <ul>{(records || []).map((r) => <li key={r.id}><Text>{r.title}</Text></li>)}</ul>}
      <Box mt="lg"><Button variant="contained" disabled={busy} onClick={run} data-testid="action-confirm">Confirmer</Button></Box>
    </Box>
  );
};

export default ActionConfirm;
