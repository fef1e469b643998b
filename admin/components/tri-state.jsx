// Unknown / yes / no for the nullable booleans of participations (docs/admin.md#resources).
import { useTranslation } from 'adminjs';
import React from 'react';
import { FormGroup, Label, FormMessage } from '@adminjs/design-system';

const TriState = ({ property, record, onChange }) => {
  const { translateProperty } = useTranslation();
  const label = translateProperty(property.path, property.resourceId);
  const value = record.params[property.path];
  const current = value === null || value === undefined || value === '' ? '' : String(value);
  const error = record.errors && record.errors[property.path];
  return (
    <FormGroup error={Boolean(error)}>
      <Label htmlFor={property.path}>{label}</Label>
      <select
        id={property.path}
        name={property.path}
        value={current}
        onChange={(e) => onChange(property.path, e.target.value === '' ? null : e.target.value === 'true')}
      >
        <option value="">Inconnu</option>
        <option value="true">Oui</option>
        <option value="false">Non</option>
      </select>
      {property.description && <FormMessage>{property.description}</FormMessage>}
      {error && <FormMessage>{error.message}</FormMessage>}
    </FormGroup>
  );
};

export default TriState;
