// Many-to-many choices (a user's groups and permissions, a group's permissions) in one
// multi-select that searches the other resource, as Django's two-list selector: AdminJS shows an
// array of references as one numbered select per item. The value stays an array of ids, saved by
// the resource's after-hooks (admin/users/hooks/links.ts syncLinks). As a filter it picks one item, which the
// resource's filter matches among the record's items (docs/admin.md#resources).
import React, { useState } from 'react';
import { ApiClient, BasePropertyComponent, PropertyLabel, flat, useTranslation } from 'adminjs';
import { FormGroup, FormMessage, SelectAsync } from '@adminjs/design-system';

const api = new ApiClient();

const search = (resourceId) => (query) =>
  api.searchRecords({ resourceId, query }).then((records) => records.map((record) => ({ value: record.id, label: record.title })));

/** The record's choices with their titles (AdminJS populates `path.0`, `path.1`, …). */
function chosen(record, path) {
  const ids = flat.get(record.params, path) || [];
  return (Array.isArray(ids) ? ids : [ids]).map((id, index) => {
    const populated = record.populated && record.populated[`${path}.${index}`];
    return { value: String(id), label: populated ? populated.title : String(id) };
  });
}

const ReferenceMulti = (props) => {
  const { property, record, onChange, where } = props;
  const { tm } = useTranslation();
  const [value, setValue] = useState(() => (where === 'edit' ? chosen(record, property.path) : []));
  if (where !== 'edit') {
    // The filter and the pages that show the record: AdminJS's own, for one reference.
    return <BasePropertyComponent {...props} property={{ ...property, isArray: false, components: {} }} />;
  }
  const error = record.errors && record.errors[property.path];
  return (
    <FormGroup error={Boolean(error)}>
      <PropertyLabel property={property} />
      <SelectAsync
        inputId={property.path}
        isMulti
        isClearable={false}
        cacheOptions
        defaultOptions
        loadOptions={search(property.reference)}
        value={value}
        onChange={(selected) => {
          const next = selected || [];
          setValue(next);
          onChange(
            property.path,
            next.map((option) => option.value),
          );
        }}
        isDisabled={property.isDisabled}
      />
      {error && <FormMessage>{tm(error.message, property.resourceId)}</FormMessage>}
    </FormGroup>
  );
};

export default ReferenceMulti;
