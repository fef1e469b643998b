// Tutorat: the tutoring groups, with their students and tutors (docs/admin.md#resources).
import { NAV, SEARCH_PROPERTY, searchOver, type ResourceDef } from '../platform/define.ts';

export function tutoringGroupResource(): ResourceDef {
  return {
    model: 'TutoringGroup',
    label: 'Groupes de tutorat',
    singular: 'groupe de tutorat',
    properties: {
      id: { label: 'ID' },
      name: { label: 'nom', isTitle: true },
      school: { label: 'lycée' },
      students: {
        label: 'lycéens du groupe',
        type: 'string',
        isVisible: { list: false, show: true, edit: false, filter: false },
        components: { show: 'RelatedList' },
        custom: { related: 'Student', foreignKey: 'tutoringGroup', columns: ['displayName', 'school'], readOnly: true },
      },
      memberships: {
        label: 'tuteurs',
        type: 'string',
        isVisible: { list: false, show: true, edit: false, filter: false },
        components: { show: 'RelatedList' },
        custom: { related: 'TutorTutoringGroup', foreignKey: 'tutoringGroup', columns: ['tutor', 'isLeader'] },
      },
      q: { ...SEARCH_PROPERTY, description: 'Nom' },
    },
    options: {
      navigation: NAV.tutoring,
      listProperties: ['name', 'school'],
      filterProperties: ['q', 'school'],
      sort: { sortBy: 'name', direction: 'asc' },
    },
    extras: { filters: { q: searchOver(['name']) } },
  };
}
