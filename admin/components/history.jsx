// The `history` record action: who changed what, when (admin/platform/history.ts).
import React, { useEffect, useState } from 'react';
import { ApiClient } from 'adminjs';
import { Box, H4, Text, Table, TableHead, TableBody, TableRow, TableCell } from '@adminjs/design-system';

const api = new ApiClient();

const History = ({ resource, record }) => {
  const [entries, setEntries] = useState(null);
  useEffect(() => {
    api
      .recordAction({ resourceId: resource.id, recordId: record.id, actionName: 'history' })
      .then((response) => setEntries(response.data.entries || []));
  }, [record.id]);
  if (!entries) return <Text>Chargement…</Text>;
  return (
    <Box variant="white" data-testid="history">
      <H4>Historique de « {record.title} »</H4>
      <Table>
        <TableHead>
          <TableRow>
            <TableCell>Date</TableCell>
            <TableCell>Par</TableCell>
            <TableCell>Action</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {entries.map((entry, index) => (
            <TableRow key={index}>
              <TableCell>{new Date(entry.time).toLocaleString('fr-FR', { timeZone: 'Europe/Paris' })}</TableCell>
              <TableCell>{entry.user}</TableCell>
              <TableCell>{entry.message}</TableCell>
            </TableRow>
          ))}
          {entries.length === 0 && (
            <TableRow>
              <TableCell colSpan={3}>Aucune modification enregistrée</TableCell>
            </TableRow>
          )}
        </TableBody>
      </Table>
    </Box>
  );
};

export default History;
