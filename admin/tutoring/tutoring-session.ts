// Tutorat: the tutoring sessions of a group (docs/decisions.md#data-model, docs/admin.md#resources).
import { NAV, COMPUTED, TITLE_PROPERTY, textOf, type ResourceDef } from '../platform/define.ts';

type Row = Record<string, unknown>;

export function tutoringSessionResource(): ResourceDef {
  return {
    model: 'TutoringSession',
    label: 'Séances de tutorat',
    singular: 'séance de tutorat',
    properties: {
      id: { label: 'ID' },
      displayName: { ...TITLE_PROPERTY, label: 'séance de tutorat' },
      date: { label: 'date', type: 'date' },
      startTime: { label: 'heure de début', type: 'string', description: 'Format hh:mm (17:00 par défaut)' },
      endTime: { label: 'heure de fin', type: 'string', description: 'Format hh:mm (19:00 par défaut)' },
      tutoringGroup: { label: 'groupe de tutorat' },
      schoolName: { label: 'lycée', type: 'string', isSortable: false, isVisible: COMPUTED },
    },
    options: {
      navigation: NAV.tutoring,
      listProperties: ['displayName', 'tutoringGroup', 'schoolName', 'date'],
      filterProperties: ['date', 'tutoringGroup'],
      editProperties: ['date', 'startTime', 'endTime', 'tutoringGroup'],
      sort: { sortBy: 'date', direction: 'asc' },
      // The original's defaults, shown in the form.
      actions: { new: { component: 'NewWithDefaults', custom: { defaults: { startTime: '17:00', endTime: '19:00' } } } },
    },
    title: (row) => {
      const date =
        row.date instanceof Date
          ? row.date.toLocaleDateString('fr-FR', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' })
          : '';
      return `${textOf((row.tutoringGroup as Row | undefined)?.name)} (${date})`;
    },
    titleInclude: { tutoringGroup: { select: { name: true, school: { select: { name: true } } } } },
    extras: {
      timeFields: ['startTime', 'endTime'],
      dateFields: ['date'],
      computed: (row) => ({ schoolName: ((row.tutoringGroup as Row | undefined)?.school as Row | undefined)?.name ?? '' }),
    },
  };
}
