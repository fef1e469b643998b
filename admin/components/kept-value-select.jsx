// A select whose choices may no longer include the stored value (a tutor's promotion older than
// the offered range, docs/admin.md#resources): that value is still shown as selected, among the
// choices, so that saving without touching it keeps it. With `custom.choicesAction`, the choices
// are the resource's of the day (admin/components/server-choices.js): the form's, or as a list
// filter the filter's (the range and every value in the data).
import React from 'react';
import { BasePropertyComponent } from 'adminjs';
import { Loader } from '@adminjs/design-system';
import { useServerChoices } from './server-choices.js';

const KeptValueSelect = (props) => {
  const { property, record, where } = props;
  const action = property.custom && property.custom.choicesAction;
  const server = useServerChoices(property.resourceId, action);
  if (action && !server) return <Loader />;
  const fromServer = server && server.choices[property.path];
  const choices = (fromServer && (where === 'filter' ? fromServer.filter : fromServer.form)) || property.availableValues || [];
  const stored = where === 'filter' ? undefined : record && record.params[property.path];
  // A number stored, strings offered: compared as text.
  const offered =
    stored === undefined || stored === null || stored === '' || choices.some((choice) => String(choice.value) === String(stored));
  const availableValues = offered ? choices : [...choices, { value: String(stored), label: String(stored) }];
  return <BasePropertyComponent {...props} property={{ ...property, availableValues, components: {} }} />;
};

export default KeptValueSelect;
