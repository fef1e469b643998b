import { describe, expect, it } from 'vitest';
import { formatCountry, formatDate, formatDateTime, formatTime, parisInstant, parseCountry } from './format.ts';
import { parseTimestamptz } from './precise-date.ts';

describe('formatDateTime (Europe/Paris, as the original API)', () => {
  it.each([
    ['2018-05-05T12:15:10.998Z', '2018-05-05T14:15:10.998000+02:00'],
    ['2018-01-15T23:30:00Z', '2018-01-16T00:30:00+01:00'],
    // Around the change to summer time (31 March 2024, 01:00 UTC) and back (27 October 2024).
    ['2024-03-31T00:59:59Z', '2024-03-31T01:59:59+01:00'],
    ['2024-03-31T01:00:00Z', '2024-03-31T03:00:00+02:00'],
    ['2024-10-27T00:59:59Z', '2024-10-27T02:59:59+02:00'],
    ['2024-10-27T01:00:00Z', '2024-10-27T02:00:00+01:00'],
  ])('%s → %s', (instant, expected) => {
    expect(formatDateTime(new Date(instant))).toBe(expected);
  });
});

describe('timestamps keep their microseconds (PostgreSQL text → API)', () => {
  it.each([
    ['2018-05-05 12:15:10.998206+00', '2018-05-05T14:15:10.998206+02:00'],
    ['2018-05-05 14:15:10.000001+02', '2018-05-05T14:15:10.000001+02:00'],
    ['2018-05-05 12:15:10.5+00', '2018-05-05T14:15:10.500000+02:00'],
    ['2018-05-05 12:15:10+00', '2018-05-05T14:15:10+02:00'],
    ['2031-09-13 18:00:00.123456+05:30', '2031-09-13T14:30:00.123456+02:00'],
  ])('%s → %s', (text, expected) => {
    expect(formatDateTime(parseTimestamptz(text))).toBe(expected);
  });

  it('tells apart instants that differ below the millisecond (memoized texts)', () => {
    expect(formatDateTime(parseTimestamptz('2018-05-05 12:15:10.998206+00'))).not.toBe(
      formatDateTime(parseTimestamptz('2018-05-05 12:15:10.998207+00')),
    );
    expect(formatDateTime(new Date('2018-05-05T12:15:10.998Z'))).toBe('2018-05-05T14:15:10.998000+02:00');
  });
});

describe('dates, times, countries', () => {
  it('renders DATE and TIME columns as the original', () => {
    expect(formatDate(new Date('2031-05-21T00:00:00Z'))).toBe('2031-05-21');
    expect(formatTime(new Date('1970-01-01T14:00:00Z'))).toBe('14:00:00');
    expect(formatTime(new Date('1970-01-01T18:00:00.500Z'))).toBe('18:00:00.500000');
  });

  it('reads countries in every form the original accepted', () => {
    expect(['fr', 'FR', 'FRA', '250', 'France', { code: 'fr' }].map(parseCountry)).toEqual(['FR', 'FR', 'FR', 'FR', 'FR', 'FR']);
    expect(parseCountry('Germany')).toBe('DE');
    expect(parseCountry('XX')).toBeNull();
    expect(parseCountry(null)).toBeNull();
    expect(formatCountry('DE')).toEqual({ code: 'DE', name: 'Allemagne' });
  });
});

const day = (value: string) => new Date(`${value}T00:00:00Z`);
const clock = (value: string) => new Date(`1970-01-01T${value}Z`);

describe('parisInstant', () => {
  it.each([
    ['2031-05-21', '16:30:00', '2031-05-21T14:30:00.000Z'], // summer time, UTC+2
    ['2030-03-15', '22:00:00', '2030-03-15T21:00:00.000Z'], // winter time, UTC+1
    ['2026-03-29', '03:30:00', '2026-03-29T01:30:00.000Z'], // just after the spring change
    ['2026-10-25', '04:00:00', '2026-10-25T03:00:00.000Z'], // just after the autumn change
    ['2031-09-13', '18:00:00.5', '2031-09-13T16:00:00.500Z'],
  ])('reads %s %s in Paris as %s', (date, time, expected) => {
    expect(parisInstant(day(date), clock(time)).toISOString()).toBe(expected);
  });
});
