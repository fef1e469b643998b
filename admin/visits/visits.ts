// Sorties: visits, places, participations, organizers (docs/decisions.md#data-model,
// docs/api.md#visits, #participations, docs/admin.md#resources).
// A participation's form, record and bulk actions save through server/visits/service.ts:
// the decision and its email in one transaction, only when `accepted` changes (docs/api.md#participations).
import { type ActionRequest, type ActionContext } from 'adminjs';
import type { AppContext } from '../../server/platform/context.ts';
import { registrationsOpen, registrationsWhere } from '../../server/visits/rules.ts';
import { saveParticipation } from '../../server/visits/service.ts';
import {
  NAV,
  COMPUTED,
  SEARCH_PROPERTY,
  TITLE_PROPERTY,
  DATE_CHOICES,
  dateRange,
  personName,
  searchOver,
  textOf,
  type ResourceDef,
} from '../platform/define.ts';
import { parsePanelDate, parsePanelTime } from '../platform/resource.ts';
import { refusal } from '../platform/prisma-errors.ts';
import { participationActions, visitActions } from './visit-actions.ts';

type Row = Record<string, unknown>;

const REQUIRED = 'Ce champ est obligatoire.';
const DEADLINE_MESSAGE = "La date limite d'inscription doit précéder la date de la sortie.";
const TIMES_MESSAGE = "L'heure de fin doit être après l'heure de début.";

function parisDate(instant: Date): string {
  return instant.toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });
}

const DAY = 86_400_000;

/** An end at 00:00 is midnight, the end of the visit's day (« Nuit Blanche », 20:00–00:00). */
function endInstant(end: Date): Date {
  return end.getTime() === 0 ? new Date(DAY) : end;
}

/** A value as the cross-checks compare it: times and dates as instants, the rest as text. */
function comparable(key: string, value: unknown): unknown {
  if (value === undefined || value === null || value === '') return null;
  const parsed =
    key === 'startTime' || key === 'endTime'
      ? parsePanelTime(value instanceof Date ? value : textOf(value))
      : key === 'date'
        ? parsePanelDate(value)
        : new Date(value as string);
  return parsed instanceof Date && !Number.isNaN(parsed.getTime()) ? parsed.getTime() : textOf(value);
}

/**
 * Required fields, deadline before the visit date, end after start (both errors at once).
 * The cross-checks came after the original's data (records such as « Nuit Blanche 2017 » break
 * them): on edit they run only when one of their fields changes, so that staff can still fix
 * a typo in the title (docs/admin.md, Resources).
 */
export function visitProblems(payload: Row, creating: boolean, stored: Row = {}): Record<string, { message: string }> {
  const errors: Record<string, { message: string }> = {};
  const present = (key: string) =>
    payload[key] !== undefined && payload[key] !== null && (payload[key] instanceof Date || textOf(payload[key]).trim() !== '');
  const touched = (...keys: string[]) => creating || keys.some((key) => comparable(key, payload[key]) !== comparable(key, stored[key]));
  for (const key of ['title', 'date', 'startTime', 'endTime', 'deadline']) {
    if ((creating || key in payload) && !present(key)) errors[key] = { message: REQUIRED };
  }
  if (present('startTime') && present('endTime') && touched('startTime', 'endTime')) {
    const start = parsePanelTime(String(payload.startTime));
    const end = parsePanelTime(String(payload.endTime));
    if (!(start instanceof Date) || !(end instanceof Date)) {
      errors.startTime = { message: 'Saisissez une heure valide (hh:mm).' };
    } else if (endInstant(end) <= start) {
      errors.startTime = { message: TIMES_MESSAGE };
      errors.endTime = { message: TIMES_MESSAGE };
    }
  }
  if (present('deadline') && present('date') && touched('deadline', 'date')) {
    const deadline = new Date(String(payload.deadline));
    const date = payload.date instanceof Date ? payload.date.toISOString().slice(0, 10) : String(payload.date).slice(0, 10);
    if (Number.isNaN(deadline.getTime())) errors.deadline = { message: 'Saisissez une date et une heure valides.' };
    else if (!(parisDate(deadline) < date)) errors.deadline = { message: DEADLINE_MESSAGE };
  }
  return errors;
}

function validateVisit(request: ActionRequest, context: ActionContext): ActionRequest {
  if (request.method !== 'post' || !request.payload) return request;
  const creating = context.action.name === 'new';
  // On edit, the unchanged values come from the stored record.
  const stored = creating ? {} : (context.record?.params ?? {});
  const errors = visitProblems({ ...stored, ...request.payload }, creating, stored);
  if (Object.keys(errors).length) throw refusal(errors);
  return request;
}

/** Tri-state choice (null = unknown) for accepted/present. */
const TRI_STATE = { type: 'boolean' as const, components: { edit: 'TriState', list: 'TriStateShow', show: 'TriStateShow' } };

export function visitResources(ctx: AppContext): ResourceDef[] {
  const visit: ResourceDef = {
    model: 'Visit',
    label: 'Sorties',
    singular: 'sortie',
    files: { image: 'visitImage', factSheet: 'visitFactSheet', permission: 'visitPermission' },
    properties: {
      id: { label: 'ID' },
      title: { label: 'titre', isTitle: true, description: 'Préciser le type de sortie (exposition, concert…)' },
      summary: { label: 'résumé', type: 'textarea', isRequired: false, description: 'Une ou deux phrases attrayantes' },
      description: {
        label: 'description',
        type: 'textarea',
        isRequired: false,
        components: { edit: 'MarkdownEditor', show: 'MarkdownShow' },
        isVisible: { list: false, filter: false, show: true, edit: true },
        description: 'Description complète des activités (Markdown)',
      },
      place: { label: 'lieu' },
      date: { label: 'date', type: 'date', description: 'Date de la sortie' },
      startTime: { label: 'heure de début', type: 'string', description: 'Format hh:mm' },
      endTime: { label: 'heure de fin', type: 'string', description: 'Format hh:mm' },
      meeting: { label: 'lieu de rendez-vous', isRequired: false, description: 'Où retrouver les organisateurs (ex. « devant le musée »)' },
      deadline: { label: "date limite d'inscription", type: 'datetime', description: "Plus d'inscription possible après cette date" },
      image: { label: 'illustration', description: 'Illustration représentative' },
      factSheet: { label: 'fiche sortie', description: 'Informations détaillées pour le lycéen' },
      permission: { label: 'autorisation de sortie', description: 'Autorisation à faire remplir' },
      registrationsOpen: { label: 'Inscriptions ouvertes', type: 'boolean', isSortable: false, isVisible: COMPUTED },
      participantsCount: { label: 'Participants', type: 'number', isSortable: false, isVisible: COMPUTED },
      registrations: {
        label: 'état des inscriptions',
        type: 'string',
        availableValues: [
          { value: 'open', label: 'Ouvertes' },
          { value: 'closed', label: 'Fermées' },
        ],
        isVisible: { list: false, show: false, edit: false, filter: true },
      },
      period: {
        label: 'date de la sortie',
        type: 'string',
        availableValues: DATE_CHOICES,
        isVisible: { list: false, show: false, edit: false, filter: true },
      },
      organizers: {
        label: 'organisateurs',
        type: 'string',
        isVisible: { list: false, show: true, edit: false, filter: false },
        components: { show: 'RelatedList' },
        custom: { related: 'VisitOrganizer', foreignKey: 'visit', columns: ['tutor'] },
      },
      participations: {
        label: 'participations',
        type: 'string',
        isVisible: { list: false, show: true, edit: false, filter: false },
        components: { show: 'RelatedList' },
        custom: {
          related: 'Participation',
          foreignKey: 'visit',
          columns: ['user', 'accepted', 'present'],
          decisions: { accepted: { true: 'accept', false: 'reject' } },
          manageLabel: 'Décisions et présences groupées',
        },
      },
      q: { ...SEARCH_PROPERTY, description: 'Titre ou lieu' },
    },
    options: {
      navigation: NAV.visits,
      listProperties: ['title', 'place', 'date', 'startTime', 'deadline', 'registrationsOpen', 'participantsCount'],
      filterProperties: ['q', 'period', 'date', 'registrations', 'place'],
      editProperties: [
        'title',
        'summary',
        'description',
        'place',
        'date',
        'startTime',
        'endTime',
        'meeting',
        'deadline',
        'image',
        'factSheet',
        'permission',
      ],
      showProperties: [
        'title',
        'summary',
        'description',
        'place',
        'date',
        'startTime',
        'endTime',
        'meeting',
        'deadline',
        'registrationsOpen',
        'image',
        'factSheet',
        'permission',
        'organizers',
        'participations',
      ],
      sort: { sortBy: 'date', direction: 'asc' },
      actions: { new: { before: [validateVisit] }, edit: { before: [validateVisit] }, ...visitActions() },
    },
    extras: {
      timeFields: ['startTime', 'endTime'],
      dateFields: ['date'],
      include: { _count: { select: { participations: true } } },
      computed: (row) => ({
        registrationsOpen: row.deadline instanceof Date ? registrationsOpen({ deadline: row.deadline }) : null,
        ...(row._count ? { participantsCount: (row._count as Row).participations } : {}),
      }),
      filters: {
        q: searchOver(['title'], ['place', 'name']),
        registrations: (value) => registrationsWhere(value === 'open'),
        period: (value) => dateRange(value, 'date'),
      },
    },
  };

  const place: ResourceDef = {
    model: 'Place',
    label: 'Lieux',
    singular: 'lieu',
    properties: {
      id: { label: 'ID' },
      name: { label: 'nom', isTitle: true },
      address: { label: 'adresse', description: 'Adresse complète du lieu' },
      description: {
        label: 'description',
        type: 'textarea',
        isRequired: false,
        components: { edit: 'MarkdownEditor', show: 'MarkdownShow' },
        isVisible: { list: false, filter: false, show: true, edit: true },
        description: "De quoi s'agit-il ? (Markdown)",
      },
      visitsCount: { label: 'Nombre de sorties', type: 'number', isSortable: false, isVisible: COMPUTED },
      lastVisit: { label: 'Dernière sortie', type: 'date', isSortable: false, isVisible: COMPUTED },
    },
    options: {
      navigation: NAV.visits,
      listProperties: ['name', 'address', 'visitsCount', 'lastVisit'],
      filterProperties: ['name'],
      sort: { sortBy: 'name', direction: 'asc' },
    },
    extras: {
      // docs/admin.md#resources: the most recent past visit (the original showed the earliest upcoming one).
      include: {
        _count: { select: { visits: true } },
        visits: {
          where: { date: { lt: new Date(new Date().toISOString().slice(0, 10)) } },
          orderBy: { date: 'desc' },
          take: 1,
          select: { date: true },
        },
      },
      computed: (row) => {
        if (!row._count) return {};
        const last = (row.visits as Row[] | undefined)?.[0]?.date;
        return { visitsCount: (row._count as Row).visits, lastVisit: last instanceof Date ? last.toISOString().slice(0, 10) : null };
      },
    },
  };

  const participation: ResourceDef = {
    model: 'Participation',
    label: 'Participations',
    singular: 'participation',
    properties: {
      id: { label: 'ID' },
      displayName: { ...TITLE_PROPERTY, label: 'participation', isVisible: false },
      visit: { label: 'sortie' },
      user: { label: 'utilisateur' },
      accepted: { label: 'accepté', ...TRI_STATE, description: 'Cocher pour confirmer la participation au lycéen' },
      present: { label: 'présent', ...TRI_STATE, description: 'Après la sortie, indiquer si le lycéen était présent' },
    },
    options: {
      navigation: NAV.visits,
      listProperties: ['visit', 'user', 'accepted', 'present'],
      filterProperties: ['visit', 'user', 'accepted', 'present'],
      actions: participationActions(ctx),
    },
    title: (row) => `${textOf((row.user as Row | undefined)?.email)} participe à ${textOf((row.visit as Row | undefined)?.title)}`,
    titleInclude: { user: { select: { email: true } }, visit: { select: { title: true } } },
    extras: {
      filters: { displayName: searchOver(['user', 'email'], ['visit', 'title']) },
      save: (id, data, actor) => saveParticipation(ctx, actor, id, data),
    },
  };

  const organizer: ResourceDef = {
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
  return [visit, place, participation, organizer];
}
