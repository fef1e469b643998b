// A date (JJ/MM/AAAA) or a date-time (JJ/MM/AAAA HH:MM, Paris time) in lists and on record
// pages (overrides AdminJS's, which writes 2018-05-05 in the browser's zone).
import React from 'react';
import { useTranslation } from 'adminjs';
import { ValueGroup } from '@adminjs/design-system';
import { formatDate, formatDateTime } from './french.js';

export const dateText = (property, record) => {
  const value = record.params[property.path];
  return property.type === 'date' ? formatDate(value) : formatDateTime(value);
};

export const DateList = ({ property, record }) => <span>{dateText(property, record)}</span>;

const DateShow = ({ property, record }) => {
  const { translateProperty } = useTranslation();
  return <ValueGroup label={translateProperty(property.label, property.resourceId)}>{dateText(property, record)}</ValueGroup>;
};

export default DateShow;
