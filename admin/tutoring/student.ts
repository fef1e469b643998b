// Tutorat: the student profiles (docs/decisions.md#data-model, docs/admin.md#resources).
import { NAV, SEARCH_PROPERTY, TITLE_PROPERTY, PROFILE_INCLUDE, personName, type ResourceDef } from '../platform/define.ts';
import { profileSearch } from './profile.ts';

type Row = Record<string, unknown>;

export function studentResource(): ResourceDef {
  return {
    model: 'Student',
    label: 'Lycéens',
    singular: 'lycéen',
    properties: {
      id: { label: 'ID' },
      displayName: { ...TITLE_PROPERTY, label: 'lycéen' },
      user: { label: 'utilisateur', isRequired: true },
      tutoringGroup: { label: 'groupe de tutorat' },
      school: { label: 'lycée' },
      registration: { label: "dossier d'inscription" },
      q: { ...SEARCH_PROPERTY, description: 'Email, prénom ou nom' },
    },
    options: { navigation: NAV.users, listProperties: ['displayName'], filterProperties: ['q', 'tutoringGroup', 'school'] },
    title: (row) => personName(row.user as Row),
    titleInclude: PROFILE_INCLUDE,
    // docs/decisions.md#data-model: the user is required in admin forms (nullable in the table).
    extras: { filters: { q: profileSearch, displayName: profileSearch }, requiredInForms: ['user'] },
  };
}
