// Utilisateurs: the user accounts (docs/decisions.md#data-model, docs/admin.md#resources). Passwords
// are set through a dedicated field that is hashed before saving; the hash never leaves the server.
import type { LayoutElement } from 'adminjs';
import type { PrismaClient } from '@prisma/client';
import { NAV, EDIT_ONLY, MANY_TO_MANY, SEARCH_PROPERTY, searchOver, type ResourceDef } from '../platform/define.ts';
import { checkAccount, dropPasswordHash, revokeLegacyTokensOnChange } from './hooks/account.ts';
import { linkedIds, setUserGroups, setUserPermissions, syncLinks } from './hooks/links.ts';

/** A titled part of a form or page, as the sections (fieldsets) of Django's UserAdmin. */
function section(testId: string, title: string | null, properties: string[]): LayoutElement {
  const heading: LayoutElement[] = title ? [['@H3', { children: title, mt: 'xl' }]] : [];
  return [{ 'data-testid': `section-${testId}` }, [...heading, ...properties]];
}

/** docs/admin.md#resources: the sections of Django's user form, the dates read-only. */
const SECTIONS = {
  account: (withPassword: boolean) =>
    section('account', null, withPassword ? ['email', 'newPassword', 'newPasswordConfirmation'] : ['email']),
  personal: section('personal', 'Informations personnelles', ['firstName', 'lastName', 'dateOfBirth', 'gender', 'phoneNumber']),
  permissions: section('permissions', 'Permissions', ['isActive', 'isStaff', 'isSuperuser', 'groupIds', 'permissionIds']),
  dates: section('dates', 'Dates importantes', ['lastLogin', 'dateJoined']),
};

export function userResource(prisma: PrismaClient): ResourceDef {
  return {
    model: 'User',
    label: 'Utilisateurs',
    singular: 'utilisateur',
    properties: {
      id: { label: 'ID' },
      email: { label: 'adresse électronique', isTitle: true },
      newPassword: {
        label: 'nouveau mot de passe',
        type: 'password',
        isVisible: EDIT_ONLY,
        description:
          '8 caractères au moins, pas entièrement numérique, ni trop courant, ni trop proche du nom ou de l’email. ' +
          'Laisser vide pour ne pas le changer.',
      },
      newPasswordConfirmation: {
        label: 'confirmation du mot de passe',
        type: 'password',
        isVisible: EDIT_ONLY,
        description: 'Le même mot de passe, pour vérification.',
      },
      firstName: { label: 'prénom', isRequired: false },
      lastName: { label: 'nom', isRequired: false },
      dateOfBirth: { label: 'date de naissance', type: 'date' },
      gender: {
        label: 'sexe',
        availableValues: [
          { value: 'M', label: 'Homme' },
          { value: 'F', label: 'Femme' },
        ],
      },
      phoneNumber: { label: 'téléphone' },
      isActive: { label: 'actif', description: 'Décocher plutôt que supprimer le compte.' },
      isStaff: { label: 'statut équipe', description: "Permet de se connecter à l'administration." },
      isSuperuser: { label: 'statut super-utilisateur', description: 'A toutes les permissions sans les recevoir explicitement.' },
      groupIds: {
        label: 'groupes',
        type: 'reference',
        reference: 'Group',
        isArray: true,
        isSortable: false,
        components: MANY_TO_MANY,
        description: "Les groupes dont l'utilisateur reçoit les permissions.",
      },
      permissionIds: {
        label: "permissions de l'utilisateur",
        type: 'reference',
        reference: 'Permission',
        isArray: true,
        isSortable: false,
        isVisible: { list: false, filter: false, show: true, edit: true },
        components: MANY_TO_MANY,
        description: 'Permissions données individuellement.',
      },
      participations: {
        label: 'Participation aux sorties',
        type: 'string',
        isVisible: { list: false, show: true, edit: false, filter: false },
        components: { show: 'RelatedList' },
        custom: {
          related: 'Participation',
          foreignKey: 'user',
          columns: ['visit', 'accepted', 'present'],
          readOnly: true,
          canDelete: true,
        },
      },
      lastLogin: { label: 'dernière connexion', isDisabled: true },
      dateJoined: { label: "date d'inscription", isDisabled: true },
      username: { label: "nom d'utilisateur", isVisible: false },
      profileType: { label: 'type de profil', isVisible: false },
      q: { ...SEARCH_PROPERTY, description: 'Email, prénom ou nom' },
    },
    options: {
      navigation: NAV.users,
      listProperties: ['email', 'firstName', 'lastName', 'isStaff'],
      filterProperties: ['q', 'isStaff', 'isSuperuser', 'isActive', 'groupIds'],
      showProperties: [
        'email',
        'firstName',
        'lastName',
        'dateOfBirth',
        'gender',
        'phoneNumber',
        'isActive',
        'isStaff',
        'isSuperuser',
        'groupIds',
        'permissionIds',
        'lastLogin',
        'dateJoined',
        'participations',
      ],
      editProperties: [
        'email',
        'newPassword',
        'newPasswordConfirmation',
        'firstName',
        'lastName',
        'dateOfBirth',
        'gender',
        'phoneNumber',
        'isActive',
        'isStaff',
        'isSuperuser',
        'groupIds',
        'permissionIds',
      ],
      sort: { sortBy: 'email', direction: 'asc' },
      actions: {
        show: {
          layout: [
            SECTIONS.account(false),
            SECTIONS.personal,
            SECTIONS.permissions,
            SECTIONS.dates,
            section('participations', null, ['participations']),
          ],
        },
        new: {
          layout: [SECTIONS.account(true), SECTIONS.personal, SECTIONS.permissions],
          before: [checkAccount],
          after: [dropPasswordHash, syncLinks('groupIds', setUserGroups, prisma), syncLinks('permissionIds', setUserPermissions, prisma)],
        },
        edit: {
          layout: [SECTIONS.account(true), SECTIONS.personal, SECTIONS.permissions, SECTIONS.dates],
          before: [checkAccount],
          after: [
            dropPasswordHash,
            syncLinks('groupIds', setUserGroups, prisma),
            syncLinks('permissionIds', setUserPermissions, prisma),
            revokeLegacyTokensOnChange(prisma),
          ],
        },
      },
    },
    extras: {
      // Not a property at all: never listed, shown, filtered, sorted or searched on.
      omit: ['password'],
      writeOnly: ['password'],
      dateFields: ['dateOfBirth'],
      include: { groups: { select: { groupId: true } }, userPermissions: { select: { permissionId: true } } },
      computed: (row) => ({ groupIds: linkedIds(row.groups, 'groupId'), permissionIds: linkedIds(row.userPermissions, 'permissionId') }),
      filters: {
        q: searchOver(['email'], ['firstName'], ['lastName']),
        groupIds: (value) => ({ groups: { some: { groupId: Number(value) } } }),
      },
    },
  };
}
