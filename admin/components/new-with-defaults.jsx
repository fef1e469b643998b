// The « Ajouter » form of a resource whose new records start with values, as Django's forms
// did (a tutoring session from 17:00 to 19:00, an address in France): AdminJS's own form,
// given a first record. The action's `custom.defaults` holds fixed ones; `custom.defaultsAction`
// names the resource's action that works out the others at each request (a new tutor's
// promotion, the highest year of the day's range: admin/components/server-choices.js).
import React, { useMemo } from 'react';
import { New } from 'adminjs';
import { Loader } from '@adminjs/design-system';
import { useServerChoices } from './server-choices.js';

const NewWithDefaults = (props) => {
  const custom = props.action.custom || {};
  const server = useServerChoices(props.resource.id, custom.defaultsAction);
  const waiting = Boolean(custom.defaultsAction) && !server;
  const record = useMemo(() => {
    if (props.record) return props.record;
    if (waiting) return null;
    return { params: { ...(custom.defaults || {}), ...((server && server.defaults) || {}) }, populated: {}, errors: {} };
  }, [props.record, waiting, server]);
  if (!record) return <Loader />;
  return <New {...props} record={record} />;
};

export default NewWithDefaults;
