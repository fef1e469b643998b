// A plain date field: AdminJS's date picker sends the UTC date of the browser's local
// midnight, one day early east of Greenwich; this sends the date as typed (YYYY-MM-DD).
import { useTranslation } from 'adminjs';
import React from 'react';
import { FormGroup, Label, FormMessage } from '@adminjs/design-system';

const DateEdit = ({ property, record, onChange }) => {
  const { translateProperty } = useTranslation();
  const label = translateProperty(property.path, property.resourceId);
  const raw = record.params[property.path];
  const value = typeof raw === 'string' ? raw.slice(0, 10) : '';
  const error = record.errors && record.errors[property.path];
  return (
    <FormGroup error={Boolean(error)}>
      <Label htmlFor={property.path} required={property.isRequired}>{label}</Label>
      <input id={property.path} name={property.path} type="date" value={value}
        onChange={(e) => onChange(property.path, e.target.value === '' ? null : e.target.value)} />
      {property.description && <FormMessage>{property.description}</FormMessage>}
      {error && <FormMessage>{error.message}</FormMessage>}
    </FormGroup>
  );
};

export default DateEdit;
