import { useTranslation } from 'adminjs';
import React from 'react';
import { Badge, Label, Box } from '@adminjs/design-system';

const TriStateShow = ({ property, record, where }) => {
  const { translateProperty } = useTranslation();
  const label = translateProperty(property.path, property.resourceId);
  const value = record.params[property.path];
  const badge =
    value === true || value === 'true' ? (
      <Badge variant="success">Oui</Badge>
    ) : value === false || value === 'false' ? (
      <Badge variant="danger">Non</Badge>
    ) : (
      <Badge>Inconnu</Badge>
    );
  if (where === 'list') return badge;
  return (
    <Box mb="xl">
      <Label>{label}</Label>
      {badge}
    </Box>
  );
};

export default TriStateShow;
