// Home page of the panel: upcoming visits, participations waiting, counts, the staff member's
// recent actions (admin/platform/dashboard.ts).
import React, { useEffect, useState } from 'react';
import { ApiClient, useTranslation } from 'adminjs';
import { Box, H2, H4, Text, Table, TableHead, TableBody, TableRow, TableCell, Link, Badge } from '@adminjs/design-system';

import { formatDateTime, pageTitle } from './french.js';

/** Django's action flags (admin/platform/history.ts). */
const ACTIONS = { 1: ['Ajout', 'success'], 2: ['Modification', 'info'], 3: ['Suppression', 'danger'] };

const api = new ApiClient();

const Dashboard = () => {
  const [data, setData] = useState(null);
  const { translateMessage } = useTranslation();
  useEffect(() => {
    document.title = pageTitle('Tableau de bord');
    api.getDashboard().then((response) => setData(response.data));
  }, []);
  if (!data)
    return (
      <Box variant="grey">
        <Text>Chargement…</Text>
      </Box>
    );
  if (data.noPermission) {
    return (
      <Box variant="grey" data-testid="no-permission">
        <Box variant="white">
          <H2>Bienvenue</H2>
          <Text>{translateMessage('noPermission')}</Text>
        </Box>
      </Box>
    );
  }
  return (
    <Box variant="grey" data-testid="dashboard">
      <Box variant="white" mb="xl">
        <H2>Tableau de bord</H2>
        <Box flex flexDirection="row" flexWrap="wrap">
          {data.counts.map((count) => (
            <Box key={count.label} mr="xxl" mb="lg">
              <H4>{count.value}</H4>
              <Text>{count.label}</Text>
            </Box>
          ))}
        </Box>
      </Box>
      {data.upcomingVisits && (
        <Box variant="white" mb="xl">
          <H4>Prochaines sorties</H4>
          <Table>
            <TableHead>
              <TableRow>
                <TableCell>Sortie</TableCell>
                <TableCell>Date</TableCell>
                <TableCell>Inscriptions</TableCell>
                <TableCell>Participants</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {data.upcomingVisits.map((visit) => (
                <TableRow key={visit.id}>
                  <TableCell>
                    <Link href={`/resources/Visit/records/${visit.id}/show`}>{visit.title}</Link>
                  </TableCell>
                  <TableCell>{new Date(`${visit.date}T00:00:00Z`).toLocaleDateString('fr-FR', { timeZone: 'UTC' })}</TableCell>
                  <TableCell>
                    <Badge variant={visit.registrationsOpen ? 'success' : 'secondary'}>
                      {visit.registrationsOpen ? 'Ouvertes' : 'Fermées'}
                    </Badge>
                  </TableCell>
                  <TableCell>{visit.participants}</TableCell>
                </TableRow>
              ))}
              {data.upcomingVisits.length === 0 && (
                <TableRow>
                  <TableCell colSpan={4}>Aucune sortie à venir</TableCell>
                </TableRow>
              )}
            </TableBody>
          </Table>
        </Box>
      )}
      {data.pendingParticipations && (
        <Box variant="white" mb="xl">
          <H4>Participations à valider</H4>
          <Table>
            <TableHead>
              <TableRow>
                <TableCell>Utilisateur</TableCell>
                <TableCell>Sortie</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {data.pendingParticipations.map((row) => (
                <TableRow key={row.id}>
                  <TableCell>
                    <Link href={`/resources/Participation/records/${row.id}/show`}>{row.user}</Link>
                  </TableCell>
                  <TableCell>{row.visit}</TableCell>
                </TableRow>
              ))}
              {data.pendingParticipations.length === 0 && (
                <TableRow>
                  <TableCell colSpan={2}>Aucune participation en attente</TableCell>
                </TableRow>
              )}
            </TableBody>
          </Table>
        </Box>
      )}
      <Box variant="white" data-testid="recent-actions">
        <H4>Mes actions récentes</H4>
        <Table>
          <TableBody>
            {data.recentActions.map((action) => {
              const [verb, variant] = ACTIONS[action.flag] ?? ['Action', 'secondary'];
              return (
                <TableRow key={action.id}>
                  <TableCell>
                    <Badge variant={variant}>{verb}</Badge>
                  </TableCell>
                  <TableCell>
                    {action.href ? <Link href={action.href}>{action.label}</Link> : <Text>{action.label}</Text>}
                    <Text variant="sm" color="grey60">
                      {action.kind}
                    </Text>
                  </TableCell>
                  <TableCell>{formatDateTime(action.time)}</TableCell>
                </TableRow>
              );
            })}
            {data.recentActions.length === 0 && (
              <TableRow>
                <TableCell colSpan={3}>Aucune action</TableCell>
              </TableRow>
            )}
          </TableBody>
        </Table>
      </Box>
    </Box>
  );
};

export default Dashboard;
