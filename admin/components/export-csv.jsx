// Download link for the participants of a visit (admin/visits/actions/export-csv.ts).
import React from 'react';
import { Box, Button, H4, Text } from '@adminjs/design-system';

const ExportCsv = ({ record }) => (
  <Box variant="white">
    <H4>Participants de « {record.title} »</H4>
    <Text mb="lg">Fichier CSV (séparateur « ; ») : prénom, nom, email, téléphone, accepté, présent.</Text>
    <Button as="a" href={`/exports/visits/${record.id}/participants.csv`} download>
      Télécharger le fichier CSV
    </Button>
  </Box>
);

export default ExportCsv;
