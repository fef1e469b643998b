import { describe, expect, it } from 'vitest';
import { isPassed, registrationsOpen } from './rules.ts';

const date = (value: string) => new Date(`${value}T00:00:00Z`);
const time = (value: string) => new Date(`1970-01-01T${value}Z`);

describe('isPassed (the end in Europe/Paris against now)', () => {
  const visit = { date: date('2031-05-21'), startTime: time('14:00:00'), endTime: time('16:30:00') };
  it('is false until the end instant in Paris, true after', () => {
    expect(isPassed(visit, new Date('2031-05-21T14:29:59Z'))).toBe(false);
    expect(isPassed(visit, new Date('2031-05-21T14:30:01Z'))).toBe(true);
  });

  it('counts a visit ending at or after midnight as ending the next day', () => {
    const night = { date: date('2017-10-07'), startTime: time('20:00:00'), endTime: time('00:00:00') };
    expect(isPassed(night, new Date('2017-10-07T21:00:00Z'))).toBe(false);
    expect(isPassed(night, new Date('2017-10-07T22:00:01Z'))).toBe(true);
  });

  it('does not depend on the time of day for a visit of an earlier day (B7)', () => {
    const earlier = { date: date('2031-05-20'), startTime: time('14:00:00'), endTime: time('23:00:00') };
    expect(isPassed(earlier, new Date('2031-05-21T05:00:00Z'))).toBe(true);
  });
});

describe('registrationsOpen', () => {
  it('is strict at the deadline', () => {
    const deadline = new Date('2031-05-14T21:59:00Z');
    expect(registrationsOpen({ deadline }, new Date('2031-05-14T21:58:59.999Z'))).toBe(true);
    expect(registrationsOpen({ deadline }, deadline)).toBe(false);
  });
});
