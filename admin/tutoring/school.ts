// Tutorat: the schools (docs/decisions.md#data-model, docs/api.md#schools, docs/admin.md#resources).
import { NAV, COMPUTED, CREATE_ONLY, SEARCH_PROPERTY, searchOver, type ResourceDef } from '../platform/define.ts';
import { checkUai } from './hooks/check-uai.ts';

type Row = Record<string, unknown>;

const UAI_HELP =
  "Code UAI (ex-RNE) de l'établissement : 7 chiffres suivis d'une lettre, à trouver dans l'annuaire des établissements " +
  "sur le site du ministère de l'Éducation Nationale.";

export function schoolResource(): ResourceDef {
  return {
    model: 'School',
    label: 'Lycées',
    singular: 'lycée',
    properties: {
      uaiCode: { label: 'code UAI', description: UAI_HELP, isId: true, ...CREATE_ONLY },
      name: { label: 'nom', isTitle: true, description: 'Nom du lycée' },
      address: { label: 'adresse', description: 'Adresse complète du lycée' },
      studentsCount: { label: 'Nombre de lycéens', type: 'number', isSortable: false, isVisible: COMPUTED },
      groupsCount: { label: 'Nombre de groupes de tutorat', type: 'number', isSortable: false, isVisible: COMPUTED },
      q: { ...SEARCH_PROPERTY, description: 'Nom' },
    },
    options: {
      navigation: NAV.tutoring,
      listProperties: ['name', 'uaiCode', 'studentsCount', 'groupsCount'],
      filterProperties: ['q'],
      editProperties: ['name', 'uaiCode', 'address'],
      sort: { sortBy: 'name', direction: 'asc' },
      actions: {
        // docs/api.md#schools: the code is read-only once created (it is the primary key, CREATE_ONLY).
        new: { before: [checkUai] },
      },
    },
    extras: {
      include: { _count: { select: { students: true, tutoringGroups: true } } },
      computed: (row) => {
        const count = row._count as Row | undefined;
        return count ? { studentsCount: count.students, groupsCount: count.tutoringGroups } : {};
      },
      filters: { q: searchOver(['name']) },
    },
  };
}
