// What the panel shows in French whatever the browser's language and time zone: the
// placeholders of every select (the design system leaves react-select's English ones), and
// dates written JJ/MM/AAAA HH:MM in Europe/Paris.
import { Select, SelectAsync } from '@adminjs/design-system';
import fr from 'date-fns/locale/fr/index.js';

const SELECT_TEXTS = {
  placeholder: 'Choisir…',
  noOptionsMessage: () => 'Aucun choix',
  loadingMessage: () => 'Chargement…',
};
for (const component of [Select, SelectAsync]) component.defaultProps = { ...component.defaultProps, ...SELECT_TEXTS };

export const ZONE = 'Europe/Paris';

/** react-datepicker in French: month and day names, weeks from Monday, « Heure ». */
export const PICKER_PROPS = {
  locale: fr,
  calendarStartDay: 1,
  timeInputLabel: 'Heure',
  previousMonthButtonLabel: 'Mois précédent',
  nextMonthButtonLabel: 'Mois suivant',
  previousYearButtonLabel: 'Année précédente',
  nextYearButtonLabel: 'Année suivante',
  chooseDayAriaLabelPrefix: 'Choisir le',
  weekAriaLabelPrefix: 'semaine',
  monthAriaLabelPrefix: 'mois',
};

const digit = { regex: '\\d' };
export const DATE_INPUT = {
  dateFormat: 'dd/MM/yyyy',
  placeholderText: 'JJ/MM/AAAA',
  inputMask: { mask: [digit, digit, '/', digit, digit, '/', digit, digit, digit, digit] },
};
export const DATETIME_INPUT = {
  dateFormat: 'dd/MM/yyyy HH:mm',
  placeholderText: 'JJ/MM/AAAA HH:MM',
  inputMask: { mask: [...DATE_INPUT.inputMask.mask, ' ', digit, digit, ':', digit, digit] },
};

const pad = (value) => String(value).padStart(2, '0');
const parisFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** The Paris wall clock of an instant: { year, month (1–12), day, hour, minute, second }. */
export function parisParts(instant) {
  const parts = {};
  for (const part of parisFormat.formatToParts(instant)) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  return parts;
}

/** The instant at which Paris clocks show this wall time. */
export function parisInstant(year, month, day, hour = 0, minute = 0) {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  const offsetAt = (instant) => {
    const p = parisParts(new Date(instant));
    return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(instant / 1000) * 1000;
  };
  let instant = wall - offsetAt(wall);
  const corrected = wall - offsetAt(instant);
  if (corrected !== instant) instant = corrected;
  return new Date(instant);
}

/** `2018-05-05` (or a longer ISO string) → `05/05/2018`: a date has no time zone. */
export function formatDate(value) {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(value ?? ''));
  return match ? `${match[3]}/${match[2]}/${match[1]}` : '';
}

/** An instant → `05/05/2018 12:15`, Paris time. */
export function formatDateTime(value) {
  if (value === null || value === undefined || value === '') return '';
  const instant = new Date(value);
  if (Number.isNaN(instant.getTime())) return '';
  const p = parisParts(instant);
  return `${pad(p.day)}/${pad(p.month)}/${p.year} ${pad(p.hour)}:${pad(p.minute)}`;
}

/** For the picker, which works in the browser's zone: a local Date showing the Paris wall clock. */
export function pickerValueOfInstant(value) {
  if (!value) return null;
  const instant = new Date(value);
  if (Number.isNaN(instant.getTime())) return null;
  const p = parisParts(instant);
  return new Date(p.year, p.month - 1, p.day, p.hour, p.minute);
}

/** A local Date from the picker → the instant of that wall clock in Paris, as ISO text. */
export function instantOfPickerValue(iso) {
  if (!iso) return null;
  const local = new Date(iso);
  if (Number.isNaN(local.getTime())) return null;
  return parisInstant(local.getFullYear(), local.getMonth() + 1, local.getDate(), local.getHours(), local.getMinutes()).toISOString();
}

/** `YYYY-MM-DD` → a local Date at midnight for the picker. */
export function pickerValueOfDate(value) {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(value ?? ''));
  return match ? new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : null;
}

/** A local Date from the picker → `YYYY-MM-DD` as chosen. */
export function dateOfPickerValue(iso) {
  if (!iso) return null;
  const local = new Date(iso);
  if (Number.isNaN(local.getTime())) return null;
  return `${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())}`;
}

/** The browser's title of a page: what it shows, then where, then the site. */
export function pageTitle(...parts) {
  return [...parts.filter(Boolean), 'oser-cs.fr'].join(' | ');
}
