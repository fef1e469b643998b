// A field's label, and its help text written out under the field as Django showed it (AdminJS
// hides it in a tooltip that long texts overflow). public/admin.css moves the help below the input.
import React from 'react';
import { useTranslation } from 'adminjs';
import { Label, Text } from '@adminjs/design-system';

const PropertyLabel = ({ property, props: labelProps, filter = false }) => {
  const { translateProperty, tm } = useTranslation();
  if (property.hideLabel) return null;
  return (
    <>
      <Label htmlFor={filter ? `filter-${property.path}` : property.path} required={!filter && property.isRequired} {...labelProps}>
        {translateProperty(property.label, property.resourceId)}
      </Label>
      {property.description && (
        <Text className="oser-help" data-testid={`help-${property.path}`} fontSize="sm" color="grey60">
          {tm(property.description, property.resourceId)}
        </Text>
      )}
    </>
  );
};

export default PropertyLabel;
