// Every date and date-time field of the panel (overrides AdminJS's date picker): typed and
// picked as JJ/MM/AAAA (HH:MM), calendar in French from Monday, Paris time whatever the
// browser's zone. A date travels as YYYY-MM-DD (no zone), a date-time as an ISO instant.
import React, { useEffect, useState } from 'react';
import { useTranslation } from 'adminjs';
import { DatePicker, FormGroup, FormMessage, Label } from '@adminjs/design-system';
import {
  DATE_INPUT,
  DATETIME_INPUT,
  PICKER_PROPS,
  dateOfPickerValue,
  instantOfPickerValue,
  pickerValueOfDate,
  pickerValueOfInstant,
} from './french.js';

/** The picker's time as HH:MM text (the browser's own time input follows its language: 11:59 PM). */
const TimeInput = ({ value, onChange }) => {
  const [text, setText] = useState(value || '');
  useEffect(() => setText(value || ''), [value]);
  return (
    <input
      type="text"
      inputMode="numeric"
      placeholder="HH:MM"
      aria-label="Heure"
      size={5}
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        const match = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(e.target.value.trim());
        if (match) onChange(`${match[1].padStart(2, '0')}:${match[2]}`);
      }}
    />
  );
};

const DateEdit = ({ property, record, onChange }) => {
  const { translateProperty, tm } = useTranslation();
  const isDate = property.type === 'date';
  const raw = record.params[property.path];
  const error = record.errors && record.errors[property.path];
  return (
    <FormGroup error={Boolean(error)}>
      <Label htmlFor={property.path} required={property.isRequired}>
        {translateProperty(property.label, property.resourceId)}
      </Label>
      <DatePicker
        id={property.path}
        name={property.path}
        value={isDate ? pickerValueOfDate(raw) : pickerValueOfInstant(raw)}
        disabled={property.isDisabled}
        propertyType={property.type}
        onChange={(iso) => onChange(property.path, isDate ? dateOfPickerValue(iso) : instantOfPickerValue(iso))}
        {...PICKER_PROPS}
        {...(isDate ? DATE_INPUT : { ...DATETIME_INPUT, customTimeInput: <TimeInput /> })}
      />
      {property.description && <FormMessage variant="help">{tm(property.description, property.resourceId)}</FormMessage>}
      {error && <FormMessage>{tm(error.message, property.resourceId)}</FormMessage>}
    </FormGroup>
  );
};

export default DateEdit;
