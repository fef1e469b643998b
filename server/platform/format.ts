// Rendering of values as the original API did (docs/api.md#conventions): dates, times, datetimes in
// Europe/Paris, countries as {code, name}.
import { createRequire } from 'node:module';
import countries from 'i18n-iso-countries';
import { microsecondsOf } from './precise-date.ts';

const require = createRequire(import.meta.url);
countries.registerLocale(require('i18n-iso-countries/langs/fr.json') as countries.LocaleData);
countries.registerLocale(require('i18n-iso-countries/langs/en.json') as countries.LocaleData);

export const TIME_ZONE = 'Europe/Paris';

/** `YYYY-MM-DD` of the day `instant` falls on in Paris. */
export function parisDate(instant: Date): string {
  return instant.toLocaleDateString('sv-SE', { timeZone: TIME_ZONE });
}

/**
 * Remembers the text of each instant (µs since the epoch): lists repeat the same few dates
 * and times, and building the text costs ten times the lookup (npm run bench).
 */
function memoized(format: (value: Date) => string): (value: Date) => string {
  const texts = new Map<number, string>();
  return (value) => {
    const key = value.getTime() * 1000 + microsecondsOf(value);
    let text = texts.get(key);
    if (text === undefined) {
      if (texts.size >= 10_000) texts.clear();
      texts.set(key, (text = format(value)));
    }
    return text;
  };
}

const isoDate = memoized((value) => value.toISOString().slice(0, 10));

/** `YYYY-MM-DD` of a DATE column (Prisma returns it at UTC midnight). */
export function formatDate(value: Date): string;
export function formatDate(value: Date | null): string | null;
export function formatDate(value: Date | null): string | null {
  return value ? isoDate(value) : null;
}

/** `HH:MM:SS`, plus `.ffffff` only when the stored value has a fraction. */
export const formatTime = memoized((value) => {
  const fraction = value.getUTCMilliseconds();
  return value.toISOString().slice(11, 19) + (fraction ? `.${String(fraction).padStart(3, '0')}000` : '');
});

const parisWallClock = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

// Paris changes offset only on whole UTC hours: one Intl call per hour, not per value
// (a list of 1 500 registrations formats 1 500 datetimes).
const offsetByUtcHour = new Map<number, number>();

/** Milliseconds Paris is ahead of UTC at `instant` (ms since the epoch). */
export function parisOffsetMs(instant: number): number {
  const hour = Math.floor(instant / 3_600_000);
  let offset = offsetByUtcHour.get(hour);
  if (offset === undefined) {
    const at = hour * 3_600_000;
    const parts = new Map(parisWallClock.formatToParts(new Date(at)).map((part) => [part.type, Number(part.value)]));
    offset =
      Date.UTC(parts.get('year')!, parts.get('month')! - 1, parts.get('day'), parts.get('hour'), parts.get('minute'), parts.get('second')) -
      at;
    if (offsetByUtcHour.size > 100_000) offsetByUtcHour.clear();
    offsetByUtcHour.set(hour, offset);
  }
  return offset;
}

/** The instant of a Paris wall-clock date (DATE column) and time of day (TIME column). */
export function parisInstant(date: Date, time: Date): Date {
  const naive = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()) + (time.getTime() % 86_400_000);
  // Twice: the offset at the guessed instant may differ around a DST change.
  const guess = naive - parisOffsetMs(naive);
  return new Date(naive - parisOffsetMs(guess));
}

/** ISO 8601 in Europe/Paris with its offset and microseconds, e.g. `2018-05-05T14:15:10.998206+02:00`. */
export const formatDateTime = memoized((value) => {
  const offsetMs = parisOffsetMs(value.getTime());
  const local = new Date(value.getTime() + offsetMs).toISOString();
  const offsetMinutes = Math.round(offsetMs / 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const offset = `${sign}${String(Math.floor(Math.abs(offsetMinutes) / 60)).padStart(2, '0')}:${String(Math.abs(offsetMinutes) % 60).padStart(2, '0')}`;
  const milliseconds = value.getUTCMilliseconds();
  const microseconds = microsecondsOf(value);
  const fraction = milliseconds || microseconds ? `.${String(milliseconds).padStart(3, '0')}${String(microseconds).padStart(3, '0')}` : '';
  return `${local.slice(0, 19)}${fraction}${offset}`;
});

export type Language = 'fr' | 'en';

export function formatCountry(code: string, language: Language = 'fr'): { code: string; name: string } {
  return { code, name: countries.getName(code, language) ?? code };
}

/**
 * Reads a country as the original accepted it (docs/api.md#conventions): alpha-2 in any case, alpha-3,
 * numeric, an English (or French) name, or an object with a `code`. Null when unknown.
 */
export function parseCountry(input: unknown): string | null {
  const raw = typeof input === 'object' && input !== null && 'code' in input ? input.code : input;
  if (typeof raw !== 'string' && typeof raw !== 'number') return null;
  const value = String(raw).trim();
  if (/^[a-z]{2}$/i.test(value)) return countries.isValid(value.toUpperCase()) ? value.toUpperCase() : null;
  if (/^[a-z]{3}$/i.test(value)) return countries.alpha3ToAlpha2(value.toUpperCase()) ?? null;
  if (/^\d{1,3}$/.test(value)) return countries.numericToAlpha2(value.padStart(3, '0')) ?? null;
  return countries.getAlpha2Code(value, 'en') ?? countries.getAlpha2Code(value, 'fr') ?? null;
}
