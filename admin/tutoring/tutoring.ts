// Tutorat: profiles, schools, groups, sessions (docs/decisions.md#data-model, docs/api.md#tutors, docs/admin.md#resources).
import { ValidationError, type ActionRequest, type ActionResponse, type RecordJSON } from 'adminjs';
import type { PrismaClient } from '@prisma/client';
import {
  NAV,
  COMPUTED,
  SEARCH_PROPERTY,
  TITLE_PROPERTY,
  PROFILE_INCLUDE,
  personName,
  searchOver,
  textOf,
  type ResourceDef,
} from '../platform/define.ts';
import { promotionRange } from '../../server/profiles/promotion.ts';

type Row = Record<string, unknown>;

export const UAI_HELP =
  "Code UAI (ex-RNE) de l'établissement : 7 chiffres suivis d'une lettre, à trouver dans l'annuaire des établissements sur le site du ministère de l'Éducation Nationale.";
export const UAI_MESSAGE = "Le code UAI doit comporter 7 chiffres suivis d'une lettre.";

/** docs/api.md#schools: 7 digits and a letter, the letter upper-cased at creation. */
function checkUai(request: ActionRequest): ActionRequest {
  if (request.method !== 'post' || !request.payload) return request;
  const code = String(request.payload.uaiCode ?? '').trim();
  if (!/^\d{7}[a-zA-Z]$/.test(code)) throw new ValidationError({ uaiCode: { message: UAI_MESSAGE } });
  return { ...request, payload: { ...request.payload, uaiCode: code.toUpperCase() } };
}

/** docs/api.md#tutors: creating a tutor makes its user staff. */
function tutorMakesStaff(prisma: PrismaClient) {
  return async (response: ActionResponse, request: ActionRequest) => {
    const record = response.record as RecordJSON | undefined;
    const userId = Number(record?.params.user);
    if (request.method === 'post' && userId && !Object.keys(record?.errors ?? {}).length) {
      await prisma.user.update({ where: { id: userId }, data: { isStaff: true } });
    }
    return response;
  };
}

const profileSearch = searchOver(['user', 'email'], ['user', 'firstName'], ['user', 'lastName']);

export function tutoringResources(prisma: PrismaClient): ResourceDef[] {
  const student: ResourceDef = {
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

  const tutor: ResourceDef = {
    model: 'Tutor',
    label: 'Tuteurs',
    singular: 'tuteur',
    properties: {
      id: { label: 'ID' },
      displayName: { ...TITLE_PROPERTY, label: 'tuteur' },
      user: { label: 'utilisateur', isRequired: true },
      promotion: {
        label: 'promotion',
        availableValues: promotionRange().map((year) => ({ value: String(year), label: String(year) })),
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
      actions: { new: { after: [tutorMakesStaff(prisma)] } },
    },
    title: (row) => personName(row.user as Row),
    titleInclude: PROFILE_INCLUDE,
    // docs/decisions.md#data-model: the user is required in admin forms (nullable in the table).
    extras: { filters: { q: profileSearch, displayName: profileSearch }, requiredInForms: ['user'] },
  };

  const school: ResourceDef = {
    model: 'School',
    label: 'Lycées',
    singular: 'lycée',
    properties: {
      uaiCode: { label: 'code UAI', description: UAI_HELP, isId: true, components: { edit: 'CreateOnlyEdit' } },
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
        new: { before: [checkUai] },
        // docs/api.md#schools: the code is read-only once created (it is the primary key).
        edit: {
          before: [
            (request: ActionRequest) => {
              if (request.payload) delete request.payload.uaiCode;
              return request;
            },
          ],
        },
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

  const group: ResourceDef = {
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

  const membership: ResourceDef = {
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

  const session: ResourceDef = {
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
  return [student, tutor, school, group, membership, session];
}
