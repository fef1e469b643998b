// The new and edit forms of a record whose changes can have side effects (a participation's
// « accepté » emails the student, docs/admin.md#resources): AdminJS's form, except that saving
// a change listed in the action's `custom.confirm` (field → new value → question) asks first,
// as the inline toggle of a visit's participants does. A new record starts from nothing, so a
// value with a question asks too. Cancelling sends nothing; once saved, the notice says what
// the save did (« 1 e-mail mis en file »).
import React, { useEffect } from 'react';
import { BasePropertyComponent, useModal, useQueryParams, useRecord, useTranslation } from 'adminjs';
import { Box, Button, DrawerContent, DrawerFooter, Icon } from '@adminjs/design-system';
import { useNavigate } from 'react-router';

/** AdminJS's appendForceRefresh: the target reloads its data (a list its records). */
function withRefresh(url) {
  const at = url.lastIndexOf('?');
  const search = new URLSearchParams(at === -1 ? window.location.search : url.slice(at + 1));
  search.set('refresh', 'true');
  return `${at === -1 ? url : url.slice(0, at)}?${search}`;
}

/** The question for the first listed field whose value changes to one that has a question. */
function questionFor(confirm, before, after) {
  for (const [field, byValue] of Object.entries(confirm || {})) {
    const value = after[field];
    if (String(value) !== String(before[field]) && byValue[String(value)]) return byValue[String(value)];
  }
  return null;
}

const ConfirmedEdit = ({ record: initialRecord, resource, action }) => {
  const { record, handleChange, submit, loading, setRecord } = useRecord(initialRecord, resource.id);
  const { translateButton } = useTranslation();
  const { openModal } = useModal();
  const navigate = useNavigate();
  const { parsedQuery } = useQueryParams();
  useEffect(() => {
    if (initialRecord) setRecord(initialRecord);
  }, [initialRecord]);
  // As AdminJS's own new form: `?visit=3&user=7` fills those fields.
  useEffect(() => {
    if (initialRecord || !parsedQuery) return;
    const given = Object.fromEntries(Object.entries(parsedQuery).filter(([key]) => key in resource.properties));
    if (Object.keys(given).length) setRecord({ ...record, params: { ...record.params, ...given } });
  }, [parsedQuery]);

  const save = () =>
    submit().then((response) => {
      if (response.data.redirectUrl) navigate(withRefresh(response.data.redirectUrl));
    });
  const onSubmit = (event) => {
    event.preventDefault();
    const question = questionFor(action.custom && action.custom.confirm, initialRecord ? initialRecord.params : {}, record.params);
    if (!question) {
      save();
      return false;
    }
    openModal({
      type: 'confirm',
      resourceId: resource.id,
      modalProps: { variant: 'primary', label: 'confirm', title: question, subTitle: record.title },
      confirmAction: save,
    });
    return false;
  };

  return (
    <Box as="form" onSubmit={onSubmit} flex flexDirection="column" data-testid="confirmed-edit">
      <DrawerContent>
        {resource.editProperties.map((property) => (
          <BasePropertyComponent
            key={property.propertyPath}
            where="edit"
            onChange={handleChange}
            property={property}
            resource={resource}
            record={record}
          />
        ))}
      </DrawerContent>
      <DrawerFooter>
        <Button variant="contained" type="submit" data-testid="button-save" disabled={loading}>
          {loading ? <Icon icon="Loader" spin /> : null}
          {translateButton('save', resource.id)}
        </Button>
      </DrawerFooter>
    </Box>
  );
};

export default ConfirmedEdit;
