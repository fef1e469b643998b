// Sorties: the tutors who organize a visit (docs/decisions.md#data-model, docs/admin.md#resources).
import { NAV, TITLE_PROPERTY, personName, searchOver, type ResourceDef } from '../platform/define.ts';

type Row = Record<string, unknown>;

export function organizerResource(): ResourceDef {
  return {
    model: 'VisitOrganizer',
    label: 'Organisateurs',
    singular: 'organisateur',
    properties: {
      id: { label: 'ID' },
      displayName: { ...TITLE_PROPERTY, label: 'organisateur', isVisible: false },
      visit: { label: 'sortie' },
      tutor: { label: 'tuteur' },
    },
    options: { navigation: NAV.visits, listProperties: ['visit', 'tutor'], filterProperties: ['visit', 'tutor'] },
    title: (row) => personName((row.tutor as Row | undefined)?.user as Row),
    titleInclude: { tutor: { include: { user: { select: { firstName: true, lastName: true, email: true } } } } },
    extras: { filters: { displayName: searchOver(['tutor', 'user', 'email'], ['tutor', 'user', 'lastName']) } },
  };
}
