// What the database refuses, said on the form's fields: AdminJS turns a ValidationError into
// messages beside the fields, and anything else into a 500. Prisma's errors name columns and
// arguments; they are mapped back to the resource's properties (SPEC: bad input, never 500).
import { ValidationError } from 'adminjs';

interface DmmfField {
  name: string;
  kind: string;
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

const MESSAGES = {
  required: 'Ce champ est obligatoire.',
  invalid: "Cette valeur n'est pas valide.",
  tooLong: 'Cette valeur est trop longue.',
  unique: 'Un objet avec cette valeur existe déjà.',
  missingRelation: "L'objet choisi n'existe pas.",
  form: 'Le formulaire contient des erreurs.',
} as const;

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
export function toValidationError(error: unknown, fields: DmmfField[], params: Record<string, unknown> = {}): ValidationError | null {
  if (!(error instanceof Error)) return null;
  const code = (error as { code?: string }).code;
  const meta = ((error as { meta?: Record<string, unknown> }).meta ?? {}) as Record<string, unknown>;
  const fail = (errors: Record<string, { message: string }>) => new ValidationError(errors, { message: MESSAGES.form, type: 'error' });

  if (error.name === 'PrismaClientValidationError') {
    const missing = [...error.message.matchAll(/Argument `(\w+)` is missing/g)].map((match) => match[1]!);
    const invalid = [...error.message.matchAll(/(?:Argument `(\w+)`: Invalid value|Invalid value for argument `(\w+)`)/g)].map((match) => (match[1] ?? match[2])!);
    if (missing.length + invalid.length === 0) return fail({});
    return fail({ ...fieldErrors(fields, invalid, MESSAGES.invalid), ...fieldErrors(fields, missing, MESSAGES.required) });
  }
  const column = (value: unknown) => String(value ?? '').replace(/^.*\./, '');
  switch (code) {
    case 'P2000':
      return fail(fieldErrors(fields, meta.column_name ? [column(meta.column_name)] : tooLongFields(fields, params), MESSAGES.tooLong));
    case 'P2002': {
      const target = Array.isArray(meta.target) ? meta.target.map(String) : [];
      return fail(fieldErrors(fields, target, MESSAGES.unique));
    }
    case 'P2003': {
      // e.g. "visits_participation_user_id_fkey (index)": the column sits between table and suffix.
      const cause = (meta.driverAdapterError as { cause?: { constraint?: { index?: string } } } | undefined)?.cause;
      const constraint = String(meta.field_name ?? cause?.constraint?.index ?? error.message);
      const match = fields.find((field) => field.dbName && constraint.includes(`_${field.dbName}_`));
      return fail(match ? fieldErrors(fields, [match.name], MESSAGES.missingRelation) : {});
    }
    case 'P2018':
    case 'P2025': {
      // "No 'User' record(s) … was found for a nested connect": the reference to a User.
      const model = typeof meta.model === 'string' ? meta.model : /No '(\w+)' record/.exec(error.message)?.[1];
      const relation = fields.find((field) => field.kind === 'object' && field.type === model);
      return fail(relation ? { [relation.name]: { message: MESSAGES.missingRelation } } : {});
    }
    case 'P2011':
    case 'P2012':
      return fail({});
    default:
      return null;
  }
}
