// Request validation with zod, errors in DRF's shape and French wording (docs/api.md#conventions, docs/decisions.md#reference-data):
// `{"field": ["message"]}`, nested objects nested, `non_field_errors` for the whole body.
import type { RequestHandler } from 'express';
import type { ZodError, ZodIssue, ZodTypeAny } from 'zod';
import { z } from './zod.ts';
import { ApiError, NotFound, ValidationError, messages, type FieldErrors } from './errors.ts';

function messageFor(issue: ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.received === 'undefined') return messages.required;
      if (issue.received === 'null') return messages.nullNotAllowed;
      if (issue.expected === 'string') return 'Type de donnée incorrect. Une chaîne de caractères est attendue.';
      if (issue.expected === 'number' || issue.expected === 'integer') return 'Un nombre entier valide est requis.';
      if (issue.expected === 'boolean') return 'Doit être un booléen valide.';
      if (issue.expected === 'object') return 'Données invalides. Un dictionnaire est attendu.';
      return 'Type de donnée incorrect.';
    case 'too_big':
      return issue.type === 'string' ? messages.maxLength(Number(issue.maximum)) : issue.message;
    default:
      return issue.message;
  }
}

/** Turns zod issues into DRF's nested field map. */
export function toFieldErrors(error: ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const keys = issue.path.length === 0 ? ['non_field_errors'] : issue.path.map(String);
    let node: FieldErrors = errors;
    for (const key of keys.slice(0, -1)) {
      const child = node[key];
      if (!child || Array.isArray(child)) node[key] = {};
      node = node[key] as FieldErrors;
    }
    const last = keys[keys.length - 1]!;
    const existing = node[last];
    if (existing && !Array.isArray(existing)) continue; // nested errors win over a parent message
    const list = existing ?? (node[last] = []);
    const text = messageFor(issue);
    if (!list.includes(text)) list.push(text);
  }
  return errors;
}

/** The schema that declares an object's keys, below optional/nullable/default/refinement wrappers. */
function declaredShape(schema: ZodTypeAny): Record<string, ZodTypeAny> | null {
  let current: ZodTypeAny = schema;
  for (;;) {
    if (current instanceof z.ZodObject) return current.shape as Record<string, ZodTypeAny>;
    if (current instanceof z.ZodOptional || current instanceof z.ZodNullable || current instanceof z.ZodDefault)
      current = current._def.innerType as ZodTypeAny;
    else if (current instanceof z.ZodEffects) current = current._def.schema as ZodTypeAny;
    else if (current instanceof z.ZodPipeline) current = current._def.in as ZodTypeAny;
    else return null;
  }
}

/**
 * DRF's tolerance, which the existing clients rely on: keys a body schema does not declare, at any depth of its nested objects, are dropped before validation. They
 * can neither fail validation nor set anything; `dropped` names them (`address.floor`).
 */
export function dropUndeclaredKeys(schema: ZodTypeAny, value: unknown, path = ''): { value: unknown; dropped: string[] } {
  const shape = declaredShape(schema);
  if (!shape || typeof value !== 'object' || value === null || Array.isArray(value)) return { value, dropped: [] };
  const kept: Record<string, unknown> = {};
  const dropped: string[] = [];
  for (const [key, field] of Object.entries(value)) {
    const declared = Object.hasOwn(shape, key) ? shape[key] : undefined;
    if (!declared) {
      dropped.push(path + key);
      continue;
    }
    const nested = dropUndeclaredKeys(declared, field, `${path}${key}.`);
    kept[key] = nested.value;
    dropped.push(...nested.dropped);
  }
  return { value: kept, dropped };
}

/** Validates `value` against `schema`; throws a 400 ValidationError in DRF's shape. */
export function parseOrThrow<Schema extends ZodTypeAny>(schema: Schema, value: unknown): z.infer<Schema> {
  const result = schema.safeParse(value);
  if (!result.success) throw new ValidationError(toFieldErrors(result.error));
  return result.data as z.infer<Schema>;
}

/** As parseOrThrow, for schemas with async refinements (e.g. a field checked against the database). */
export async function parseOrThrowAsync<Schema extends ZodTypeAny>(schema: Schema, value: unknown): Promise<z.infer<Schema>> {
  const result = await schema.safeParseAsync(value);
  if (!result.success) {
    const failed = result.error.issues.find((issue) => issue.code === 'custom' && issue.params && FAILED_CHECK in issue.params);
    if (failed) throw (failed as z.ZodCustomIssue).params![FAILED_CHECK];
    throw new ValidationError(toFieldErrors(result.error));
  }
  return result.data as z.infer<Schema>;
}

const FAILED_CHECK = 'failedCheck';

/**
 * Runs an async field check (a database lookup) for parseOrThrowAsync. zod 3 awaits an
 * object's fields one after the other: when two such checks fail (the database is down), the
 * second rejection is never awaited, and an unhandled rejection stops the process. A failure
 * therefore becomes an issue carrying the error (the check resolves undefined), and
 * parseOrThrowAsync throws that error once zod is done.
 */
export async function checkAsync<T>(context: z.RefinementCtx, check: () => Promise<T>): Promise<T | undefined> {
  try {
    return await check();
  } catch (error) {
    context.addIssue({ code: 'custom', params: { [FAILED_CHECK]: error } });
    return undefined;
  }
}

// ─── Text PostgreSQL cannot store ─────────────────────────────────────────────

/**
 * Deeper than this, a parsed body is refused before anything walks it: the checks below, zod and
 * the serializers recurse, and ten kilobytes of `[` overflowed the stack (a 500 before login).
 * The API's bodies nest two levels at most.
 */
export const MAX_BODY_DEPTH = 32;

function deeperThan(value: unknown, max: number): boolean {
  const pending: [item: unknown, depth: number][] = [[value, 0]];
  while (pending.length > 0) {
    const [item, depth] = pending.pop()!;
    if (item === null || typeof item !== 'object') continue;
    if (depth >= max) return true;
    for (const child of Object.values(item)) pending.push([child, depth + 1]);
  }
  return false;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Why `text` cannot be stored, as DRF's CharField says it: NUL (PostgreSQL's text cannot hold
 * it) or a lone UTF-16 surrogate (JSON's `"\ud800"`, which UTF-8 cannot encode).
 */
export function unstorable(text: string): string | undefined {
  if (text.includes('\0')) return messages.nulCharacter;
  const surrogate = LONE_SURROGATE.exec(text)?.[0];
  return surrogate === undefined ? undefined : messages.surrogateCharacter(surrogate.charCodeAt(0));
}

/** The first reason a key or string of `value` cannot be stored. */
function unstorableIn(value: unknown): string | undefined {
  if (typeof value === 'string') return unstorable(value);
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, item] of Object.entries(value)) {
    const reason = unstorable(key) ?? unstorableIn(item);
    if (reason) return reason;
  }
  return undefined;
}

/** The fields of `value` (a parsed body or query) that cannot be stored, as DRF's field errors. */
function unstorableTextErrors(value: unknown): FieldErrors | undefined {
  const reason = unstorableIn(value);
  if (!reason) return undefined;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { non_field_errors: [reason] };
  const errors: FieldErrors = {};
  for (const [key, item] of Object.entries(value)) {
    const keyReason = unstorable(key);
    if (keyReason) errors.non_field_errors = [keyReason];
    else if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
      const nested = unstorableTextErrors(item);
      if (nested) errors[key] = nested;
    } else {
      const itemReason = unstorableIn(item);
      if (itemReason) errors[key] = [itemReason];
    }
  }
  return errors;
}

/** A 400 in DRF's shape when `value` (a parsed query or body) nests too deep or holds text that cannot be stored. */
function refuseUnstorableIn(value: unknown): void {
  if (deeperThan(value, MAX_BODY_DEPTH)) throw new ApiError(400, { detail: messages.tooDeep(MAX_BODY_DEPTH) });
  const errors = unstorableTextErrors(value);
  if (errors) throw new ValidationError(errors);
}

/**
 * Input PostgreSQL cannot store is refused here, before any handler, rather than failing deep in
 * a query (a 500): NUL characters and lone surrogates anywhere (path, query, body), and bodies
 * nested beyond MAX_BODY_DEPTH. A path names something that cannot exist (404); a query or body
 * is invalid input (400).
 */
export const refuseUnstorableInput: RequestHandler = (req, _res, next) => {
  if (/%00/i.test(req.path)) throw new NotFound();
  refuseUnstorableIn(req.query);
  refuseUnstorableIn(req.body);
  next();
};

/** The body's half of refuseUnstorableInput, once a resource's parsers have read it (its path and query were checked before routing). */
export const refuseUnstorableBody: RequestHandler = (req, _res, next) => {
  refuseUnstorableIn(req.body);
  next();
};

// ─── Field builders with DRF's messages ─────────────────────────────────────

/** A required, non-blank string of at most `max` characters (DRF CharField). */
export function text(max: number) {
  return z.string().trim().min(1, messages.blank).max(max, messages.maxLength(max));
}

/** An optional string: missing, null or "" allowed (DRF CharField(required=False, allow_null, allow_blank)). */
export function optionalText(max: number) {
  return z.string().trim().max(max, messages.maxLength(max)).nullish();
}

export function email(max = 254) {
  return z.string().trim().min(1, messages.blank).max(max, messages.maxLength(max)).email(messages.invalidEmail);
}

/**
 * `YYYY-MM-DD` naming a day that exists (JavaScript rolls 2026-11-31 over to December 1st), in
 * years 1 to 9999 as Python's dates: PostgreSQL has no year 0 (a 500 once). The API's and the
 * panel's dates alike.
 */
export function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || text.startsWith('0000')) return false;
  const day = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().startsWith(text);
}

/** `YYYY-MM-DD` only (docs/api.md#conventions: `toISOString()` output is refused), as a UTC-midnight Date. */
export function isoDate() {
  return z
    .string()
    .refine(isCalendarDate, messages.invalidDate)
    .transform((value) => new Date(`${value}T00:00:00Z`));
}

/**
 * For a field checked by hand (`z.unknown()`): a missing or null value becomes the issue zod's
 * own types raise, so that it reads « Ce champ est obligatoire. » or « … ne peut être nul. » as
 * DRF's (messageFor). False when there is nothing to check further.
 */
export function requirePresent(value: unknown, context: z.RefinementCtx): boolean {
  if (value !== undefined && value !== null) return true;
  context.addIssue({ code: 'invalid_type', expected: 'unknown', received: value === undefined ? 'undefined' : 'null' });
  return false;
}

/** A body's primary key as a number (or its digits as a string), else undefined. */
function toPrimaryKey(value: unknown): number | undefined {
  const key = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  return typeof key === 'number' && Number.isSafeInteger(key) && key > 0 ? key : undefined;
}

/** A primary key sent in a body: a positive integer (or its string), else DRF's wrong-type message. */
export function primaryKey() {
  return z
    .unknown()
    .superRefine((value, context) => {
      if (requirePresent(value, context) && toPrimaryKey(value) === undefined)
        context.addIssue({ code: 'custom', message: 'Type incorrect. Attendait une clé primaire.' });
    })
    .transform((value) => toPrimaryKey(value)!);
}

/** A numeric id in a URL path; anything else is a 404, as DRF's lookups. */
export const IdParam = z.object({
  // Digits only: `+1`, ` 1`, `1e3` or `0x10` must not reach a row (a DELETE would act on it).
  id: z.preprocess(
    (value) => (typeof value === 'string' && /^[0-9]{1,10}$/.test(value) ? Number(value) : Number.NaN),
    z.number().int().positive().max(2_147_483_647),
  ),
});
