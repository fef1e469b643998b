// Confirmation page of a record action that changes data (accept, reject): the change is
// sent as a POST, never as the GET that AdminJS uses for component-less actions.
import React, { useState } from 'react';
import { ApiClient, useNotice, useTranslation } from 'adminjs';
import { Box, Button, H4, Text } from '@adminjs/design-system';
import { useNavigate } from 'react-router';

const api = new ApiClient();

const RecordConfirm = ({ action, resource, record }) => {
  const [busy, setBusy] = useState(false);
  const notice = useNotice();
  const navigate = useNavigate();
  const { translateAction } = useTranslation();
  const run = async () => {
    setBusy(true);
    const response = await api.recordAction({ resourceId: resource.id, recordId: record.id, actionName: action.name, method: 'post' });
    if (response.data.notice) notice(response.data.notice);
    navigate(response.data.redirectUrl || `/resources/${resource.id}`);
  };
  return (
    <Box variant="white">
      <H4>{translateAction(action.name, resource.id)} : {record.title}</H4>
      {action.custom && action.custom.question && <Text mb="lg">{action.custom.question}</Text>}
      <Button variant="contained" disabled={busy} onClick={run} data-testid="action-confirm">Confirmer</Button>
    </Box>
  );
};

export default RecordConfirm;
