// The « Ajouter » form of a resource whose new records start with values, as Django's forms
// did (a tutoring session from 17:00 to 19:00, an address in France): AdminJS's own form,
// given a first record. The action's `custom.defaults` holds them.
import React, { useMemo } from 'react';
import { New } from 'adminjs';

const NewWithDefaults = (props) => {
  const defaults = (props.action.custom && props.action.custom.defaults) || {};
  const record = useMemo(() => props.record || { params: { ...defaults }, populated: {}, errors: {} }, [props.record]);
  return <New {...props} record={record} />;
};

export default NewWithDefaults;
