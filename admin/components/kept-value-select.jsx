// A select whose choices may no longer include the stored value (a tutor's promotion older than
// the offered range, docs/admin.md#resources): that value is still shown as selected, among the
// choices, so that saving without touching it keeps it.
import React from 'react';
import { BasePropertyComponent } from 'adminjs';

const KeptValueSelect = (props) => {
  const { property, record } = props;
  const stored = record && record.params[property.path];
  const choices = property.availableValues || [];
  // A number stored, strings offered: compared as text.
  const offered =
    stored === undefined || stored === null || stored === '' || choices.some((choice) => String(choice.value) === String(stored));
  const availableValues = offered ? choices : [...choices, { value: String(stored), label: String(stored) }];
  return <BasePropertyComponent {...props} property={{ ...property, availableValues, components: {} }} />;
};

export default KeptValueSelect;
