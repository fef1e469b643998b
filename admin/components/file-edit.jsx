// Upload, replace or remove a file of the visit; the server stores it (admin/platform/files.ts).
import { useTranslation } from 'adminjs';
import React from 'react';
import { FormGroup, Label, FormMessage, Box, Button, Link } from '@adminjs/design-system';

const FileEdit = ({ property, record, onChange }) => {
  const { translateProperty } = useTranslation();
  const label = translateProperty(property.path, property.resourceId);
  const value = record.params[property.path];
  const url = record.params[`${property.path}Url`];
  const error = record.errors && record.errors[property.path];
  const isFile = typeof File !== 'undefined' && value instanceof File;
  return (
    <FormGroup error={Boolean(error)}>
      <Label htmlFor={property.path}>{label}</Label>
      {value && !isFile && (
        <Box mb="default">
          {url ? (
            <Link href={url} target="_blank" rel="noreferrer">
              {String(value).split('/').pop()}
            </Link>
          ) : (
            String(value)
          )}
          <Button type="button" size="sm" variant="text" ml="default" onClick={() => onChange(property.path, null)}>
            Retirer
          </Button>
        </Box>
      )}
      <input
        id={property.path}
        name={property.path}
        type="file"
        accept={property.custom.accept || undefined}
        onChange={(e) => {
          const file = e.target.files && e.target.files[0];
          if (file) onChange(property.path, file);
        }}
      />
      {property.description && <FormMessage>{property.description}</FormMessage>}
      {error && <FormMessage>{error.message}</FormMessage>}
    </FormGroup>
  );
};

export default FileEdit;
