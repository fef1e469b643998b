// Confirmation of a bulk action (accept, reject, presence) on the selected records.
import React, { useState } from 'react';
import { ApiClient, useNotice, useTranslation } from 'adminjs';
import { Box, Button, H4, Text } from '@adminjs/design-system';
import { useNavigate } from 'react-router';

const api = new ApiClient();

const BulkConfirm = ({ action, resource, records }) => {
  const [busy, setBusy] = useState(false);
  const notice = useNotice();
  const navigate = useNavigate();
  const { translateAction } = useTranslation();
  const run = async () => {
    setBusy(true);
    const response = await api.bulkAction({ resourceId: resource.id, actionName: action.name, recordIds: records.map((r) => r.id), method: 'post' });
    if (response.data.notice) notice(response.data.notice);
    navigate(response.data.redirectUrl || `/resources/${resource.id}`);
  };
  return (
    <Box variant="white">
      <H4>{translateAction(action.name, resource.id)}</H4>
      <ul>{(records || []).map((r) => <li key={r.id}><Text>{r.title}</Text></li>)}</ul>
      <Box mt="lg"><Button variant="contained" disabled={busy} onClick={run}>Confirmer</Button></Box>
    </Box>
  );
};

export default BulkConfirm;
