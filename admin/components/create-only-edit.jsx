// A value set when the record is created and read-only afterwards (a school's UAI code): the
// edit form shows it as a read-only field, not as an input whose change would be dropped.
import React from 'react';
import { BasePropertyComponent, useTranslation } from 'adminjs';
import { FormGroup, Input, Label, Text } from '@adminjs/design-system';

const CreateOnlyEdit = (props) => {
  const { property, record } = props;
  const { translateProperty } = useTranslation();
  // A refused creation comes back with the typed key as the record's id: still a creation.
  const creating = !record || !record.id || window.location.pathname.endsWith('/actions/new');
  if (creating) {
    return <BasePropertyComponent {...props} property={{ ...property, components: {} }} />;
  }
  return (
    <FormGroup>
      <Label htmlFor={property.path}>{translateProperty(property.label, property.resourceId)}</Label>
      <Input id={property.path} name={property.path} value={String(record.params[property.path] ?? '')} readOnly disabled />
      <Text fontSize="sm" color="grey60" mt="sm">
        Ne peut plus être modifié après la création.
      </Text>
    </FormGroup>
  );
};

export default CreateOnlyEdit;
