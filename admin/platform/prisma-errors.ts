// What the database refuses, said on the form's fields: AdminJS turns a ValidationError into
// messages beside the fields, and anything else into a 500. Prisma's errors name columns and
// arguments; they are mapped back to the resource's properties (docs/api.md#conventions: bad input, never 500).
import { ValidationError } from 'adminjs';
import { textOf } from './define.ts';
import { frenchInterface } from './locale-fr.ts';

/**
 * The key of a refusal that concerns no field. AdminJS counts a save as valid when its field
 * errors are empty (whatever its base error says): a refusal always carries at least this one,
 * and its message goes to the error notice at the top of the page.
 */
export const FORM_ERROR_KEY = '_form';
/** The notice over a form refused on its fields: AdminJS's own words for it, so that any refusal reads the same. */
const FORM_MESSAGE = frenchInterface.messages.thereWereValidationErrors;

/** The ValidationError of a refused write: messages on fields, or the reason at the top. */
export function refusal(errors: Record<string, { message: string }>, reason?: string): ValidationError {
  if (Object.keys(errors).length) return new ValidationError(errors, { message: FORM_MESSAGE, type: 'error' });
  const message = reason ?? "L'enregistrement a été refusé.";
  return new ValidationError({ [FORM_ERROR_KEY]: { message } }, { message, type: 'error' });
}

/** French names a resource gives its model and fields, for messages such as Django's. */
export interface FieldNames {
  singular?: string;
  labels?: Record<string, string>;
}

interface DmmfField {
  name: string;
  kind: string;
  isId?: boolean;
  hasDefaultValue?: boolean;
  dbName?: string | null;
  relationFromFields?: string[] | null;
  type?: string;
  nativeType?: [string, string[]] | null;
}

/** The form values longer than their VarChar(n) column (the driver's error names no column). */
function tooLongFields(fields: DmmfField[], params: Record<string, unknown>): string[] {
  return fields
    .filter((field) => field.nativeType?.[0] === 'VarChar' && field.nativeType[1][0])
    .filter((field) => typeof params[field.name] === 'string' && (params[field.name] as string).length > Number(field.nativeType![1][0]))
    .map((field) => field.name);
}

export const MESSAGES = {
  required: 'Ce champ est obligatoire.',
  invalid: "Cette valeur n'est pas valide.",
  tooLong: 'Cette valeur est trop longue.',
  missingRelation: "L'objet choisi n'existe pas.",
} as const;

/** Django's wording: « Un objet participation avec ces champs utilisateur et sortie existe déjà. » */
function uniqueMessage(properties: string[], names: FieldNames): string {
  const object = names.singular ? `Un objet ${names.singular}` : 'Un objet';
  const labels = properties.map((property) => names.labels?.[property] ?? property);
  if (labels.length === 0) return `${object} avec ces valeurs existe déjà.`;
  if (labels.length === 1) return `${object} avec ce champ ${labels[0]} existe déjà.`;
  return `${object} avec ces champs ${labels.slice(0, -1).join(', ')} et ${labels.at(-1)} existe déjà.`;
}

/**
 * The columns of a violated unique constraint: Prisma's target or the driver's fields when they
 * are columns, else the columns named in them or in the constraint's name (an expression index
 * such as `users_user_email_lower_key` on lower(email) reports `lower(email::text`).
 */
function uniqueColumns(fields: DmmfField[], meta: Record<string, unknown>, message: string): string[] {
  type Cause = { constraint?: { fields?: string[]; index?: string }; originalMessage?: string };
  const cause = (meta.driverAdapterError as { cause?: Cause } | undefined)?.cause;
  const reported = [...(Array.isArray(meta.target) ? meta.target.map(String) : []), ...(cause?.constraint?.fields ?? [])];
  // A key the form sets (a school's UAI code) is a field like any other; a generated id is not.
  const columns = fields.filter((field) => field.kind === 'scalar' && (!field.isId || !field.hasDefaultValue));
  const exact = reported.filter((name) => columns.some((field) => name === field.name || name === field.dbName));
  if (exact.length) return exact;
  const text = [
    ...reported,
    typeof meta.target === 'string' ? meta.target : '',
    cause?.constraint?.index ?? '',
    cause?.originalMessage ?? message,
  ].join(' ');
  const words = `_${text.replace(/[^A-Za-z0-9]+/g, '_')}_`;
  return columns.filter((field) => words.includes(`_${field.dbName ?? field.name}_`)).map((field) => field.name);
}

/** The form property of a Prisma argument or a column: a foreign key shows as its relation. */
function propertyOf(fields: DmmfField[], name: string): string {
  const scalar = fields.find((field) => field.name === name || field.dbName === name);
  const relation = fields.find((field) => field.kind === 'object' && field.relationFromFields?.includes(scalar?.name ?? name));
  return relation?.name ?? scalar?.name ?? name;
}

function fieldErrors(fields: DmmfField[], names: string[], message: string) {
  return Object.fromEntries(names.map((name) => [propertyOf(fields, name), { message }]));
}

/** A ValidationError for a database refusal of bad input, or null for a genuine failure. */
export function toValidationError(
  error: unknown,
  fields: DmmfField[],
  params: Record<string, unknown> = {},
  names: FieldNames = {},
): ValidationError | null {
  if (!(error instanceof Error)) return null;
  const code = (error as { code?: string }).code;
  const meta = (error as { meta?: Record<string, unknown> }).meta ?? {};
  const fail = (errors: Record<string, { message: string }>, reason?: string) => refusal(errors, reason);

  if (error.name === 'PrismaClientValidationError') {
    const missing = [...error.message.matchAll(/Argument `(\w+)` is missing/g)].map((match) => match[1]!);
    const invalid = [...error.message.matchAll(/(?:Argument `(\w+)`: Invalid value|Invalid value for argument `(\w+)`)/g)].map(
      (match) => (match[1] ?? match[2])!,
    );
    if (missing.length + invalid.length === 0) return fail({}, "Une valeur du formulaire n'est pas valide.");
    return fail({ ...fieldErrors(fields, invalid, MESSAGES.invalid), ...fieldErrors(fields, missing, MESSAGES.required) });
  }
  const column = (value: unknown) => textOf(value).replace(/^.*\./, '');
  switch (code) {
    case 'P2000':
      return fail(fieldErrors(fields, meta.column_name ? [column(meta.column_name)] : tooLongFields(fields, params), MESSAGES.tooLong));
    case 'P2002': {
      const properties = [...new Set(uniqueColumns(fields, meta, error.message).map((name) => propertyOf(fields, name)))];
      const message = uniqueMessage(properties, names);
      return fail(Object.fromEntries(properties.map((property) => [property, { message }])), message);
    }
    case 'P2003': {
      // e.g. "visits_participation_user_id_fkey (index)": the column sits between table and suffix.
      const cause = (meta.driverAdapterError as { cause?: { constraint?: { index?: string } } } | undefined)?.cause;
      const constraint = (typeof meta.field_name === 'string' ? meta.field_name : undefined) ?? cause?.constraint?.index ?? error.message;
      const match = fields.find((field) => field.dbName && constraint.includes(`_${field.dbName}_`));
      return fail(match ? fieldErrors(fields, [match.name], MESSAGES.missingRelation) : {}, MESSAGES.missingRelation);
    }
    case 'P2018':
    case 'P2025': {
      // "No 'User' record(s) … was found for a nested connect": the reference to a User.
      const model = typeof meta.model === 'string' ? meta.model : /No '(\w+)' record/.exec(error.message)?.[1];
      const relation = fields.find((field) => field.kind === 'object' && field.type === model);
      return fail(relation ? { [relation.name]: { message: MESSAGES.missingRelation } } : {}, MESSAGES.missingRelation);
    }
    case 'P2011':
    case 'P2012':
      return fail({}, 'Une valeur obligatoire manque.');
    default:
      return null;
  }
}

/**
 * A delete the database refused because another row still references the deleted one
 * (PostgreSQL's 23503). Prisma reports P2003 for a statement; a key checked at commit
 * (Django's were DEFERRABLE INITIALLY DEFERRED) surfaces as the driver adapter's own error.
 */
export function isReferencedRefusal(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  type Cause = { originalCode?: string };
  const meta = (error as { meta?: { driverAdapterError?: { cause?: Cause } } }).meta;
  const codes = [
    (error as { code?: unknown }).code,
    (error.cause as Cause | undefined)?.originalCode,
    meta?.driverAdapterError?.cause?.originalCode,
  ];
  return codes.includes('P2003') || codes.includes('23503');
}
