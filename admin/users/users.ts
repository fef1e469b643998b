// Utilisateurs: accounts, groups and permissions (docs/decisions.md#data-model, docs/admin.md#resources). Passwords are set
// through a dedicated field that is hashed before saving; the hash never leaves the server.
import type { ActionRequest, ActionResponse, ActionContext } from 'adminjs';
import type { PrismaClient } from '@prisma/client';
import { revokeLegacyTokens } from '../../server/platform/auth.ts';
import { hashPassword, passwordProblems } from '../../server/users/passwords.ts';
import { endOtherAdminSessions, normalizeEmail } from '../../server/users/service.ts';
import type { AdminUser } from '../platform/permissions.ts';
import { NAV, EDIT_ONLY, SEARCH_PROPERTY, searchOver, textOf, type ResourceDef } from '../platform/define.ts';
import { arrayParam, responseRecord, savedWithoutErrors } from '../platform/params.ts';
import { refusal } from '../platform/prisma-errors.ts';

const PASSWORD_MISMATCH = 'Les deux mots de passe ne correspondent pas.';

/** Before new/edit: checks and hashes `newPassword`; the create form requires it. */
async function setPassword(request: ActionRequest, context: ActionContext): Promise<ActionRequest> {
  if (request.method !== 'post' || !request.payload) return request;
  // A `password` of the request itself is dropped: the hash is only ever made here.
  const { newPassword, newPasswordConfirmation, password: _sent, ...payload } = request.payload as Record<string, string>;
  const creating = context.action.name === 'new';
  const errors: Record<string, { message: string }> = {};
  if (creating && !newPassword) errors.newPassword = { message: 'Ce champ est obligatoire.' };
  if (newPassword) {
    const problems = passwordProblems(newPassword, [payload.email ?? '', payload.firstName ?? '', payload.lastName ?? '']);
    if (problems.length) errors.newPassword = { message: problems.join(' ') };
    if (newPassword !== newPasswordConfirmation) errors.newPasswordConfirmation = { message: PASSWORD_MISMATCH };
  }
  if (Object.keys(errors).length) throw refusal(errors);
  if (payload.email) payload.email = normalizeEmail(payload.email);
  if (newPassword) payload.password = await hashPassword(newPassword);
  return { ...request, payload };
}

/** After edit: a new password or a deactivation ends the user's legacy API tokens, as their JWTs; a new password ends their other panel sessions too. */
function revokeLegacyTokensOnChange(prisma: PrismaClient) {
  return async (response: ActionResponse, request: ActionRequest, context: ActionContext): Promise<ActionResponse> => {
    const params = responseRecord(response)?.params;
    if (request.method !== 'post' || !params?.id || !savedWithoutErrors(response)) return response;
    // setPassword has replaced `newPassword` by the hash in `password`.
    const passwordChanged = Boolean(request.payload?.password);
    if (passwordChanged || params.isActive === false || params.isActive === 'false') await revokeLegacyTokens(prisma, Number(params.id));
    if (passwordChanged) {
      // The editor's own session survives a change of their own password.
      const editor = context.currentAdmin as AdminUser | undefined;
      await endOtherAdminSessions(prisma, Number(params.id), editor?.id === Number(params.id) ? editor.sessionId : undefined);
    }
    return response;
  };
}

/** After new/edit: the hash the form's record still carries is not sent back. */
function dropPasswordHash(response: ActionResponse): ActionResponse {
  const record = responseRecord(response);
  if (record?.params) delete record.params.password;
  return response;
}

/** After new/edit: the many-to-many selections (groups, permissions) are written. */
function syncLinks(field: string, write: (prisma: PrismaClient, ownerId: number, ids: number[]) => Promise<void>, prisma: PrismaClient) {
  return async (response: ActionResponse, request: ActionRequest): Promise<ActionResponse> => {
    const id = Number(responseRecord(response)?.params?.id);
    if (request.method !== 'post' || !id || !savedWithoutErrors(response)) return response;
    const ids = arrayParam(request.payload ?? {}, field);
    if (ids !== undefined) await write(prisma, id, ids);
    return response;
  };
}

export async function setUserGroups(prisma: PrismaClient, userId: number, groupIds: number[]) {
  await prisma.$transaction([
    prisma.userGroup.deleteMany({ where: { userId, groupId: { notIn: groupIds } } }),
    prisma.userGroup.createMany({ data: groupIds.map((groupId) => ({ userId, groupId })), skipDuplicates: true }),
  ]);
}

export async function setUserPermissions(prisma: PrismaClient, userId: number, permissionIds: number[]) {
  await prisma.$transaction([
    prisma.userPermission.deleteMany({ where: { userId, permissionId: { notIn: permissionIds } } }),
    prisma.userPermission.createMany({ data: permissionIds.map((permissionId) => ({ userId, permissionId })), skipDuplicates: true }),
  ]);
}

export async function setGroupPermissions(prisma: PrismaClient, groupId: number, permissionIds: number[]) {
  await prisma.$transaction([
    prisma.groupPermission.deleteMany({ where: { groupId, permissionId: { notIn: permissionIds } } }),
    prisma.groupPermission.createMany({ data: permissionIds.map((permissionId) => ({ groupId, permissionId })), skipDuplicates: true }),
  ]);
}

type Row = Record<string, unknown>;

// Django names its permissions « Can add lieu » (in English, with the model's verbose name,
// itself English for Django's own models): shown in French, with the application's name.
const APPLICATIONS: Record<string, string> = {
  users: 'Utilisateurs',
  auth: 'Authentification',
  profiles: 'Profils',
  tutoring: 'Tutorat',
  core: 'Contenu',
  register: 'Inscriptions',
  visits: 'Sorties',
  admin: 'Administration',
  contenttypes: 'Types de contenu',
  sessions: 'Sessions',
  authtoken: 'Jetons',
  guardian: "Permissions d'objet",
};
const VERBS: Record<string, string> = { add: 'ajouter', change: 'modifier', delete: 'supprimer', view: 'voir' };
const DJANGO_MODELS: Record<string, string> = {
  user: 'utilisateur',
  group: 'groupe',
  permission: 'permission',
  'log entry': "entrée d'historique",
  'content type': 'type de contenu',
  session: 'session',
  token: 'jeton',
  Token: 'jeton',
  'group object permission': "permission d'objet d'un groupe",
  'user object permission': "permission d'objet d'un utilisateur",
};

/** « Sorties | Peut ajouter : lieu » for Django's « Can add lieu » of the visits application. */
export function permissionLabel(appLabel: string, name: string): string {
  const match = /^Can (add|change|delete|view) (.+)$/.exec(name);
  const text = match ? `Peut ${VERBS[match[1]!]} : ${DJANGO_MODELS[match[2]!] ?? match[2]}` : name;
  return appLabel ? `${APPLICATIONS[appLabel] ?? appLabel} | ${text}` : text;
}

const ids = (rows: unknown, key: string) => ((rows as Row[] | undefined) ?? []).map((row) => row[key]);

export function userResources(prisma: PrismaClient): ResourceDef[] {
  const user: ResourceDef = {
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
          '8 caractères au moins, pas entièrement numérique, ni trop courant, ni trop proche du nom ou de l’email. Laisser vide pour ne pas le changer.',
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
        description: "Les groupes dont l'utilisateur reçoit les permissions.",
      },
      permissionIds: {
        label: "permissions de l'utilisateur",
        type: 'reference',
        reference: 'Permission',
        isArray: true,
        isSortable: false,
        isVisible: { list: false, filter: false, show: true, edit: true },
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
        new: {
          before: [setPassword],
          after: [dropPasswordHash, syncLinks('groupIds', setUserGroups, prisma), syncLinks('permissionIds', setUserPermissions, prisma)],
        },
        edit: {
          before: [setPassword],
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
      computed: (row) => ({ groupIds: ids(row.groups, 'groupId'), permissionIds: ids(row.userPermissions, 'permissionId') }),
      filters: {
        q: searchOver(['email'], ['firstName'], ['lastName']),
        groupIds: (value) => ({ groups: { some: { groupId: Number(value) } } }),
      },
    },
  };

  const group: ResourceDef = {
    model: 'Group',
    label: 'Groupes',
    singular: 'groupe',
    properties: {
      id: { label: 'ID' },
      name: { label: 'nom', isTitle: true },
      permissionIds: {
        label: 'permissions',
        type: 'reference',
        reference: 'Permission',
        isArray: true,
        isSortable: false,
        isVisible: { list: false, filter: false, show: true, edit: true },
      },
    },
    options: {
      navigation: NAV.users,
      listProperties: ['name'],
      filterProperties: ['name'],
      sort: { sortBy: 'name', direction: 'asc' },
      actions: {
        new: { after: [syncLinks('permissionIds', setGroupPermissions, prisma)] },
        edit: { after: [syncLinks('permissionIds', setGroupPermissions, prisma)] },
      },
    },
    extras: {
      include: { permissions: { select: { permissionId: true } } },
      computed: (row) => ({ permissionIds: ids(row.permissions, 'permissionId') }),
    },
  };

  const permission: ResourceDef = {
    model: 'Permission',
    label: 'Permissions',
    singular: 'permission',
    properties: {
      id: { label: 'ID' },
      displayName: {
        label: 'permission',
        type: 'string',
        isTitle: true,
        isSortable: false,
        isVisible: { list: true, show: true, edit: false, filter: false },
      },
      name: { label: 'nom' },
      codename: { label: 'nom de code' },
    },
    options: {
      navigation: NAV.users,
      listProperties: ['displayName', 'codename'],
      showProperties: ['displayName', 'codename'],
      filterProperties: ['codename'],
      sort: { sortBy: 'id', direction: 'asc' },
      actions: {
        new: { isAccessible: false },
        edit: { isAccessible: false },
        delete: { isAccessible: false },
        bulkDelete: { isAccessible: false },
      },
    },
    extras: {
      omit: ['contentType'],
      include: { contentType: true },
      computed: (row) => {
        const type = row.contentType as Row | undefined;
        return { displayName: permissionLabel(textOf(type?.appLabel), String(row.name)) };
      },
      filters: { displayName: searchOver(['name'], ['codename'], ['contentType', 'model']) },
    },
  };
  return [user, group, permission];
}
