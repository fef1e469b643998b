// Sorties: the place of visits (docs/decisions.md#data-model, docs/admin.md#resources).
import { currentTime, type AppContext } from '../../server/platform/context.ts';
import { parisDate } from '../../server/platform/format.ts';
import { COMPUTED, MARKDOWN, NAV, type ResourceDef } from '../platform/define.ts';

type Row = Record<string, unknown>;

export function placeResource(ctx: Pick<AppContext, 'now'>): ResourceDef {
  return {
    model: 'Place',
    label: 'Lieux',
    singular: 'lieu',
    properties: {
      id: { label: 'ID' },
      name: { label: 'nom', isTitle: true },
      address: { label: 'adresse', description: 'Adresse complète du lieu' },
      description: {
        label: 'description',
        ...MARKDOWN,
        isRequired: false,
        description: "De quoi s'agit-il ? (Markdown)",
      },
      visitsCount: { label: 'Nombre de sorties', type: 'number', isSortable: false, isVisible: COMPUTED },
      lastVisit: { label: 'Dernière sortie', type: 'date', isSortable: false, isVisible: COMPUTED },
    },
    options: {
      navigation: NAV.visits,
      listProperties: ['name', 'address', 'visitsCount', 'lastVisit'],
      filterProperties: ['name'],
      sort: { sortBy: 'name', direction: 'asc' },
    },
    extras: {
      // docs/admin.md#resources: the most recent past visit (the original showed the earliest upcoming one).
      // A function: "today" is the day of the request in Paris, by the context's clock, not the day the panel was built.
      include: () => ({
        _count: { select: { visits: true } },
        visits: {
          where: { date: { lt: new Date(`${parisDate(currentTime(ctx))}T00:00:00Z`) } },
          orderBy: { date: 'desc' },
          take: 1,
          select: { date: true },
        },
      }),
      computed: (row) => {
        if (!row._count) return {};
        const last = (row.visits as Row[] | undefined)?.[0]?.date;
        return { visitsCount: (row._count as Row).visits, lastVisit: last instanceof Date ? last.toISOString().slice(0, 10) : null };
      },
    },
  };
}
