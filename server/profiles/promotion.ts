// Tutor promotions (docs/api.md#tutors): the 5 graduation years around the current school year,
// computed at use (the original froze them at process start, B13).
const NUMBER_OF_PROMOTIONS = 5;
/** A new promotion arrives on 1 September (month, day). */
const NEW_PROMOTION_ARRIVAL = { month: 9, day: 1 };

/** Highest first; on and after the arrival day, the range moves one year up. */
export function promotionRange(date = new Date()): number[] {
  const paris = new Date(date.toLocaleString('en-US', { timeZone: 'Europe/Paris' }));
  const month = paris.getMonth() + 1;
  const arrived =
    month > NEW_PROMOTION_ARRIVAL.month || (month === NEW_PROMOTION_ARRIVAL.month && paris.getDate() >= NEW_PROMOTION_ARRIVAL.day);
  const year = paris.getFullYear() + (arrived ? 1 : 0);
  const highest = year + Math.floor(NUMBER_OF_PROMOTIONS / 2);
  return Array.from({ length: NUMBER_OF_PROMOTIONS }, (_, index) => highest - index);
}
