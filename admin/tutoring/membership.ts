// Tutorat: a tutor's membership of a tutoring group, edited from the group's page (docs/admin.md#navigation).
import { TITLE_PROPERTY, PROFILE_INCLUDE, personName, textOf, type ResourceDef } from '../platform/define.ts';

type Row = Record<string, unknown>;

export function membershipResource(): ResourceDef {
  return {
    model: 'TutorTutoringGroup',
    label: 'Membres des groupes de tutorat',
    singular: 'membre du groupe de tutorat',
    properties: {
      id: { label: 'ID' },
      displayName: { ...TITLE_PROPERTY, label: 'membre' },
      tutoringGroup: { label: 'groupe de tutorat' },
      tutor: { label: 'Tuteur' },
      isLeader: { label: 'Responsable' },
    },
    // No menu entry (docs/admin.md#navigation): edited from the group's page.
    options: { navigation: false, listProperties: ['tutoringGroup', 'tutor', 'isLeader'] },
    title: (row) => `${personName((row.tutor as Row | undefined)?.user as Row)} (${textOf((row.tutoringGroup as Row | undefined)?.name)})`,
    titleInclude: { tutor: { include: PROFILE_INCLUDE }, tutoringGroup: { select: { name: true } } },
  };
}
