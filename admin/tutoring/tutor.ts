// Tutorat: the tutor profiles (docs/decisions.md#data-model, docs/api.md#tutors, docs/admin.md#resources).
import type { AppContext } from '../../server/platform/context.ts';
import { NAV, SEARCH_PROPERTY, TITLE_PROPERTY, PROFILE_INCLUDE, personName, type ResourceDef } from '../platform/define.ts';
import { profileSearch } from './profile.ts';
import { tutorMakesStaff } from './hooks/tutor-makes-staff.ts';
import { promotionChoices } from './actions/promotion-choices.ts';

type Row = Record<string, unknown>;

export function tutorResource(ctx: AppContext): ResourceDef {
  return {
    model: 'Tutor',
    label: 'Tuteurs',
    singular: 'tuteur',
    properties: {
      id: { label: 'ID' },
      displayName: { ...TITLE_PROPERTY, label: 'tuteur' },
      user: { label: 'utilisateur', isRequired: true },
      promotion: {
        label: 'promotion',
        // The current range, asked at each use (admin/tutoring/actions/promotion-choices.ts); an
        // older promotion (2012 in old data) stays shown and kept, and offered by the filter
        // (docs/admin.md#resources).
        components: { edit: 'KeptValueSelect', filter: 'KeptValueSelect' },
        custom: { choicesAction: 'choices' },
      },
      memberships: {
        label: 'groupes de tutorat',
        type: 'string',
        isVisible: { list: false, show: true, edit: false, filter: false },
        components: { show: 'RelatedList' },
        custom: { related: 'TutorTutoringGroup', foreignKey: 'tutor', columns: ['tutoringGroup', 'isLeader'], readOnly: true },
      },
      q: { ...SEARCH_PROPERTY, description: 'Email, prénom ou nom' },
    },
    options: {
      navigation: NAV.users,
      listProperties: ['displayName', 'promotion'],
      filterProperties: ['q', 'promotion'],
      actions: {
        // A new tutor starts with the highest year of the current range (docs/admin.md#resources).
        new: { component: 'NewWithDefaults', custom: { defaultsAction: 'choices' }, after: [tutorMakesStaff(ctx.db.prisma)] },
        choices: promotionChoices(ctx),
      },
    },
    title: (row) => personName(row.user as Row),
    titleInclude: PROFILE_INCLUDE,
    // docs/decisions.md#data-model: the user is required in admin forms (nullable in the table).
    extras: { filters: { q: profileSearch, displayName: profileSearch }, requiredInForms: ['user'] },
  };
}
