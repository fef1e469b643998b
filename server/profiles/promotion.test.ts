import { describe, expect, it } from 'vitest';
import { promotionRange } from './promotion.ts';
import { slugify } from '../core/slug.ts';

describe('promotionRange (pinned by the original tests)', () => {
  it.each([
    ['2017-08-01T12:00:00Z', [2019, 2018, 2017, 2016, 2015]],
    ['2017-09-01T12:00:00Z', [2020, 2019, 2018, 2017, 2016]],
    ['2017-09-02T12:00:00Z', [2020, 2019, 2018, 2017, 2016]],
    ['2017-12-31T12:00:00Z', [2020, 2019, 2018, 2017, 2016]],
    // Paris is already in September at 23:30 UTC on 31 August.
    ['2017-08-31T23:30:00Z', [2020, 2019, 2018, 2017, 2016]],
  ])('%s', (date, expected) => {
    expect(promotionRange(new Date(date))).toEqual(expected);
  });
});

describe('slugify', () => {
  it.each([
    ['This is another document', 'this-is-another-document'],
    ["Charte d'été -- du tutorat!", 'charte-dete-du-tutorat'],
  ])('%s → %s', (title, slug) => {
    expect(slugify(title)).toBe(slug);
  });
});
