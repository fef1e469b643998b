// The tutors' promotion choices, worked out at each use (docs/admin.md#resources, B13): the
// form offers the current range, the list filter that range and every promotion in the data
// (2012 from old data), and a new tutor starts with the range's highest year. Served by the
// resource's hidden `choices` action (admin/platform/define.ts CHOICES_ACTION).
import type { Action, ActionResponse } from 'adminjs';
import type { AppContext } from '../../../server/platform/context.ts';
import { currentTime } from '../../../server/platform/context.ts';
import { promotionRange } from '../../../server/profiles/promotion.ts';
import { CHOICES_ACTION, type ServerChoices } from '../../platform/define.ts';

const choice = (year: number) => ({ value: String(year), label: String(year) });

export function promotionChoices(ctx: AppContext): Partial<Action<ActionResponse>> {
  return {
    ...CHOICES_ACTION,
    handler: async (): Promise<ServerChoices> => {
      const range = promotionRange(currentTime(ctx));
      const stored = await ctx.db.prisma.tutor.findMany({ distinct: ['promotion'], select: { promotion: true } });
      const filter = [...new Set([...range, ...stored.map((row) => row.promotion)])].sort((a, b) => b - a);
      return {
        choices: { promotion: { form: range.map(choice), filter: filter.map(choice) } },
        defaults: { promotion: String(range[0]) },
      };
    },
  };
}
