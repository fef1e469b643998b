// Date filters « Du » / « Au » in French, by whole days of Paris: « Au 31/05/2018 » includes
// that day (overrides AdminJS's, which picks instants in the browser's zone).
import React from 'react';
import { useTranslation } from 'adminjs';
import { DatePicker, FormGroup, Label } from '@adminjs/design-system';
import { DATE_INPUT, PICKER_PROPS, dateOfPickerValue, parisInstant, pickerValueOfDate } from './french.js';

const SEPARATOR = '~~';

/** The filter's value for a chosen day: the day itself, or the first/last instant of it in Paris. */
function bound(property, day, end) {
  if (!day || property.type === 'date') return day;
  const [year, month, date] = day.split('-').map(Number);
  const start = parisInstant(year, month, date);
  return end ? new Date(parisInstant(year, month, date + 1).getTime() - 1).toISOString() : start.toISOString();
}

/** The day a stored filter value stands for (Paris). */
function dayOf(property, value) {
  if (!value || property.type === 'date') return value;
  const instant = new Date(value);
  if (Number.isNaN(instant.getTime())) return null;
  // Both bounds (00:00 and 23:59:59.999) fall in the day they stand for.
  return instant.toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });
}

const DateFilter = ({ property, filter, onChange }) => {
  const { translateProperty } = useTranslation();
  const picker = (key, end) => (
    <DatePicker
      value={pickerValueOfDate(dayOf(property, filter[key]))}
      onChange={(iso) => onChange(key, bound(property, dateOfPickerValue(iso), end) || '')}
      propertyType="date"
      {...PICKER_PROPS}
      {...DATE_INPUT}
    />
  );
  const from = `${property.path}${SEPARATOR}from`;
  const to = `${property.path}${SEPARATOR}to`;
  return (
    <FormGroup variant="filter">
      <Label>{translateProperty(property.label, property.resourceId)}</Label>
      <Label>{`${translateProperty('from')} :`}</Label>
      {picker(from, false)}
      <Label mt="default">{`${translateProperty('to')} :`}</Label>
      {picker(to, true)}
    </FormGroup>
  );
};

export default DateFilter;
