// Sorties: the visit (docs/decisions.md#data-model, docs/api.md#visits, docs/admin.md#resources).
import { currentTime, type AppContext } from '../../server/platform/context.ts';
import { registrationsOpen, registrationsWhere } from '../../server/visits/rules.ts';
import { MARKDOWN, NAV, COMPUTED, SEARCH_PROPERTY, DATE_CHOICES, dateRange, searchOver, type ResourceDef } from '../platform/define.ts';
import { validateVisit } from './hooks/validate-visit.ts';
import { participantsCsv, visitActions } from './actions/export-csv.ts';

type Row = Record<string, unknown>;

export function visitResource(ctx: AppContext): ResourceDef {
  return {
    model: 'Visit',
    label: 'Sorties',
    singular: 'sortie',
    files: { image: 'visitImage', factSheet: 'visitFactSheet', permission: 'visitPermission' },
    routes: participantsCsv(ctx),
    properties: {
      id: { label: 'ID' },
      title: { label: 'titre', isTitle: true, description: 'Préciser le type de sortie (exposition, concert…)' },
      summary: { label: 'résumé', type: 'textarea', isRequired: false, description: 'Une ou deux phrases attrayantes' },
      description: {
        label: 'description',
        ...MARKDOWN,
        isRequired: false,
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
        registrationsOpen: row.deadline instanceof Date ? registrationsOpen({ deadline: row.deadline }, currentTime(ctx)) : null,
        ...(row._count ? { participantsCount: (row._count as Row).participations } : {}),
      }),
      filters: {
        q: searchOver(['title'], ['place', 'name']),
        registrations: (value) => registrationsWhere(value === 'open', currentTime(ctx)),
        period: dateRange(ctx, 'date', 'date'),
      },
    },
  };
}
