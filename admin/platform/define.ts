// The shape of one resource declaration (admin/<domain>/<resource>.ts): model, French labels (docs/decisions.md#data-model),
// AdminJS options, extras for the Prisma resource. admin/platform/build.ts turns these into
// AdminJS resources with the permission checks and history hooks of every resource.
import type { ResourceOptions, PropertyOptions } from 'adminjs';
import type { Router } from 'express';
import type { ResourceExtras } from './resource.ts';
import type { UploadFieldName } from '../../server/platform/storage.ts';
import { currentTime, type AppContext } from '../../server/platform/context.ts';
import { parisDate, parisInstant } from '../../server/platform/format.ts';

export interface PropertyDef extends PropertyOptions {
  /** French label (docs/decisions.md#data-model). */
  label: string;
}

export interface ResourceDef {
  model: string;
  /** Menu and page title (plural), singular for messages. */
  label: string;
  singular: string;
  properties: Record<string, PropertyDef>;
  options: Omit<ResourceOptions, 'properties'>;
  extras?: ResourceExtras;
  /** Display string of a row (list, selects, history), computed server-side. */
  title?: (row: Record<string, unknown>) => string;
  /** Prisma include the title needs. */
  titleInclude?: Record<string, unknown>;
  /** File columns and their upload rules; build.ts wires their hooks and components (files.ts). */
  files?: Record<string, UploadFieldName>;
  /** Plain routes the resource serves beside AdminJS's, behind the panel's session (routes.ts mounts them). */
  routes?: Router;
}

export const NAV = {
  users: { name: 'Utilisateurs', icon: 'Users' },
  tutoring: { name: 'Tutorat', icon: 'BookOpen' },
  visits: { name: 'Sorties', icon: 'Map' },
  register: { name: 'Inscriptions', icon: 'FileText' },
  content: { name: 'Contenu', icon: 'File' },
} as const;

/**
 * Components of an array of references (a user's groups): one searchable multi-select in forms,
 * one choice in filters (admin/components/reference-multi.jsx), where AdminJS shows one select per item.
 */
export const MANY_TO_MANY = { edit: 'ReferenceMulti', filter: 'ReferenceMulti' } as const;

/** A choice of a select, as AdminJS's `availableValues`. */
export interface Choice {
  value: string;
  label: string;
}

/**
 * What a resource's `choices` action answers: choices that depend on the day or on the data
 * (a tutor's promotion), by property, for the forms and for the list filter; and the values a
 * new record starts with. Worked out at each request, where `availableValues` and an action's
 * `custom` are fixed when the panel is built.
 */
export interface ServerChoices {
  choices: Record<string, { form: Choice[]; filter: Choice[] }>;
  defaults: Record<string, string>;
}

/**
 * The hidden resource action that serves a resource's ServerChoices (its `handler` is the
 * resource's). Properties read it through `custom: { choicesAction: 'choices' }`
 * (admin/components/kept-value-select.jsx), the « Ajouter » form through its
 * `custom: { defaultsAction: 'choices' }` (admin/components/new-with-defaults.jsx).
 */
export const CHOICES_ACTION = { name: 'choices', actionType: 'resource', isVisible: false, showInDrawer: false } as const;

/**
 * A value entered at creation and read-only afterwards (a school's UAI code): the edit form shows
 * it read-only (admin/components/create-only-edit.jsx) and an edit never writes it
 * (admin/platform/read-only.ts).
 */
export const CREATE_ONLY = { components: { edit: 'CreateOnlyEdit' } } as const;

/** Hidden everywhere but the edit form. */
export const EDIT_ONLY = { list: false, show: false, filter: false, edit: true } as const;
/** A column computed server-side: shown, never edited or filtered directly. */
export const COMPUTED = { list: true, show: true, filter: false, edit: false } as const;
/** A Markdown text, edited with a preview and image upload (docs/admin.md#markdown-editor), kept out of lists. */
export const MARKDOWN = {
  type: 'textarea',
  components: { edit: 'MarkdownEditor', show: 'MarkdownShow' },
  isVisible: { list: false, filter: false, show: true, edit: true },
} as const;

type Row = Record<string, unknown>;

/** The text of a scalar column or form value: '' for null, undefined and anything that is not a scalar. */
export function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  return typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean' ? String(value) : '';
}

/** Display string of a user (docs/decisions.md#data-model): "first last", or the email. */
export function personName(user: Row | null | undefined): string {
  if (!user) return '';
  const name = `${textOf(user.firstName)} ${textOf(user.lastName)}`.trim();
  return name || textOf(user.email);
}

const USER_NAME_SELECT = { select: { firstName: true, lastName: true, email: true } } as const;
export const PROFILE_INCLUDE = { user: USER_NAME_SELECT };

/**
 * Free-text search over several columns (Django's search_fields): every word must be found
 * in one of them (« Alice Admin » finds Alice whose last name is Admin).
 */
export function searchOver(...paths: string[][]) {
  const anyColumn = (word: string) => ({
    OR: paths.map((path) =>
      path.reduceRight<Record<string, unknown>>((inner, key) => ({ [key]: inner }), { contains: word, mode: 'insensitive' } as Record<
        string,
        unknown
      >),
    ),
  });
  return (value: string) => {
    const words = value.split(/\s+/).filter(Boolean);
    return words.length > 1 ? { AND: words.map(anyColumn) } : anyColumn(value.trim());
  };
}

export const SEARCH_PROPERTY: PropertyDef = {
  label: 'Recherche',
  type: 'string',
  isVisible: { list: false, show: false, edit: false, filter: true },
};

export const TITLE_PROPERTY: PropertyDef = {
  label: 'Nom',
  type: 'string',
  isTitle: true,
  isSortable: false,
  isVisible: { list: true, show: false, edit: false, filter: false },
};

const MIDNIGHT = new Date(0);

/**
 * The Paris calendar days a date filter choice spans, [first, after last), as DATE values (UTC
 * midnight): today; the 7 days before today and today, as Django's "Past 7 days"; this month;
 * this year; counted from the Paris day of `now`.
 */
function parisDays(choice: string, now: Date): [Date, Date] | null {
  const today = new Date(`${parisDate(now)}T00:00:00Z`);
  const [year, month, date] = [today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()];
  const tomorrow = new Date(Date.UTC(year, month, date + 1));
  switch (choice) {
    case 'today':
      return [today, tomorrow];
    case 'week':
      return [new Date(Date.UTC(year, month, date - 7)), tomorrow];
    case 'month':
      return [new Date(Date.UTC(year, month, 1)), new Date(Date.UTC(year, month + 1, 1))];
    case 'year':
      return [new Date(Date.UTC(year, 0, 1)), new Date(Date.UTC(year + 1, 0, 1))];
    default:
      return null;
  }
}

/**
 * The filter of a date choice (Django's DateFieldListFilter) on `field`, by whole days of Paris
 * from the context's clock (docs/admin.md#resources), worked out at each request: a DATE column
 * (`date`) compares with the Paris calendar days, a TIMESTAMPTZ one (`instant`) with the
 * instants of Paris midnight (a DST-change day lasts 23 or 25 hours).
 */
export function dateRange(ctx: Pick<AppContext, 'now'>, field: string, column: 'date' | 'instant') {
  return (choice: string): Record<string, unknown> => {
    const days = parisDays(choice, currentTime(ctx));
    if (!days) return {};
    const [from, to] = column === 'date' ? days : days.map((day) => parisInstant(day, MIDNIGHT));
    return { [field]: { gte: from, lt: to } };
  };
}

export const DATE_CHOICES = [
  { value: 'today', label: "Aujourd'hui" },
  { value: 'week', label: 'Les 7 derniers jours' },
  { value: 'month', label: 'Ce mois-ci' },
  { value: 'year', label: 'Cette année' },
];
