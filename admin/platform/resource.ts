// The Prisma resource of AdminJS, extended with what the Django admin had and AdminJS lacks:
// computed list columns loaded with the page (one query per relation, never per row),
// filters on computed values (registrations open, free-text search over several fields),
// case-insensitive text filters, plain `HH:MM` time fields and `YYYY-MM-DD` date fields.
import { Resource, convertFilter } from '@adminjs/prisma';
import { BaseRecord, type ActionContext, type ActionRequest, type Filter } from 'adminjs';
import type { Actor } from '../../server/platform/auth.ts';
import type { PrismaClient } from '@prisma/client';
import { isCalendarDate, unstorable } from '../../server/platform/validate.ts';
import { adapterInternals, clientModule, modelOf } from './adminjs-internals.ts';
import { adminActor } from './permissions.ts';
import { MESSAGES, refusal, toValidationError, type FieldNames } from './prisma-errors.ts';
import { unflatten } from './params.ts';
import { textOf } from './define.ts';

type Where = Record<string, unknown>;
type Row = Record<string, unknown>;

/** What a resource adds to the plain Prisma mapping. */
export interface ResourceExtras {
  /** Prisma `include` for list/show queries, feeding `computed`; a function when it depends on the day. */
  include?: Record<string, unknown> | (() => Record<string, unknown>);
  /** Computed values of a row (list columns, display strings), added to its params. */
  computed?: (row: Row) => Record<string, unknown>;
  /** Filters on values that are not columns: name → filter value → Prisma where. */
  filters?: Record<string, (value: string) => Where>;
  /** Columns left out of the resource (e.g. references to models that are not resources). */
  omit?: string[];
  /** Sort used when AdminJS asks for a computed column. */
  fallbackSort?: Record<string, 'asc' | 'desc'>;
  /** Omitted columns that the resource's own hooks still write (the password hash). */
  writeOnly?: string[];
  timeFields?: string[];
  dateFields?: string[];
  /** Nullable columns that forms must still fill (Django's blank=False). */
  requiredInForms?: string[];
  /**
   * Replaces the adapter's create/update (id null: create) when a service owns the model's
   * writes (e.g. a participation's decision and its email). Receives the prepared columns.
   */
  save?: (id: number | null, data: Row, actor: Actor) => Promise<Row>;
  /** French names of the model and its fields, for the database's refusals. */
  names?: FieldNames;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

export function formatPanelTime(value: unknown): unknown {
  return value instanceof Date ? `${pad(value.getUTCHours())}:${pad(value.getUTCMinutes())}` : value;
}

/**
 * `HH:MM` (or `HH:MM:SS`) as the time column's Date. A time that does not exist (`9:75`, `24:00`)
 * stays text, which Prisma refuses on its field, where Date.UTC would roll it over to 10:15.
 */
export function parsePanelTime(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const match = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?$/.exec(value.trim());
  if (!match) return value === '' ? null : value;
  const [hours, minutes, seconds] = [match[1], match[2], match[3] ?? '0'].map(Number) as [number, number, number];
  if (hours > 23 || minutes > 59 || seconds > 59) return value;
  return new Date(Date.UTC(1970, 0, 1, hours, minutes, seconds));
}

const DAY = 86_400_000;

/** Milliseconds since the epoch of a datetime the form sent (a Date or ISO text), else NaN. */
function instant(value: unknown): number {
  if (value instanceof Date) return value.getTime();
  return typeof value === 'string' && value !== '' ? new Date(value).getTime() : Number.NaN;
}

/**
 * A date field's value as the column's UTC-midnight Date. A day that does not exist
 * (`2026-11-31`) stays text, which Prisma refuses on its field, rather than becoming December 1st.
 */
export function parsePanelDate(value: unknown): unknown {
  // The date picker sends the browser's local midnight: the nearest UTC midnight is that day.
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? value : new Date(Math.round(value.getTime() / DAY) * DAY);
  if (typeof value !== 'string') return value;
  if (value === '') return null;
  const day = value.slice(0, 10);
  if (!isCalendarDate(day)) return value;
  return value.includes('T') ? parsePanelDate(new Date(value)) : new Date(`${day}T00:00:00Z`);
}

/**
 * A before hook of new and edit: a date field whose text names a day that does not exist is
 * refused on its field. AdminJS makes a Date of the payload before the resource sees it, and
 * JavaScript's Date of `2026-11-31` is December 1st.
 */
export function refuseImpossibleDates(dateFields: string[]) {
  return (request: ActionRequest): ActionRequest => {
    const payload = request.payload;
    if (request.method !== 'post' || !payload) return request;
    const impossible = dateFields.filter(
      (field) => typeof payload[field] === 'string' && parsePanelDate(payload[field]) === payload[field],
    );
    if (impossible.length) throw refusal(Object.fromEntries(impossible.map((field) => [field, { message: MESSAGES.invalid }])));
    return request;
  };
}

export class OserResource extends Resource {
  private readonly extras: ResourceExtras;

  constructor(modelName: string, prisma: PrismaClient, extras: ResourceExtras = {}) {
    super({ model: modelOf(modelName), client: prisma, clientModule } as never);
    this.extras = extras;
    const { propertiesObject } = adapterInternals(this);
    for (const field of extras.omit ?? []) delete propertiesObject[field];
    // Times travel as "HH:MM" text: AdminJS would otherwise turn "17:00" into an invalid Date.
    for (const field of extras.timeFields ?? []) {
      const property = this.property(field);
      if (property) property.type = () => 'string';
    }
  }

  get prisma(): PrismaClient {
    return this.client;
  }

  private delegate() {
    return adapterInternals(this).manager;
  }

  /** Splits the AdminJS filter into column filters (adapter) and computed ones (ours). */
  buildWhere(filter?: Filter): Where {
    if (!filter) return {};
    const computed: Where[] = [];
    const columns: Record<string, unknown> = {};
    for (const [name, entry] of Object.entries(filter.filters ?? {})) {
      const rule = this.extras.filters?.[name];
      if (rule) computed.push(rule(textOf(entry.value)));
      else if (entry.property) columns[name] = entry;
      else continue;
    }
    const where = convertFilter(adapterInternals(this).model.fields as never, { filters: columns } as never) as Where;
    // Django's admin searched case-insensitively.
    for (const [key, value] of Object.entries(where)) {
      if (value && typeof value === 'object' && 'contains' in value) where[key] = { ...value, mode: 'insensitive' };
    }
    return computed.length ? { AND: [where, ...computed] } : where;
  }

  override async count(filter: Filter): Promise<number> {
    return this.delegate().count({ where: this.buildWhere(filter) });
  }

  override async find(
    filter: Filter,
    params: { limit?: number; offset?: number; sort?: { sortBy?: string; direction?: 'asc' | 'desc' } } = {},
  ) {
    const { limit = 10, offset = 0, sort = {} } = params;
    const rows = await this.delegate().findMany({
      where: this.buildWhere(filter),
      skip: offset,
      take: limit,
      orderBy: this.sortBy(sort),
      include: this.include(),
    });
    return rows.map((row) => this.toRecord(row));
  }

  private include() {
    const { include } = this.extras;
    return typeof include === 'function' ? include() : include;
  }

  /** AdminJS may ask to sort on a computed column (the title of pickers): not a column here. */
  private sortBy(sort: { sortBy?: string; direction?: 'asc' | 'desc' }) {
    if (sort.sortBy && !this.property(sort.sortBy.split('.')[0]!)) {
      return this.extras.fallbackSort ?? this.buildSortBy({ direction: sort.direction });
    }
    return this.buildSortBy(sort);
  }

  override async findOne(id: string | number) {
    const records = await this.findMany([id]);
    return records[0] ?? null;
  }

  override async findMany(ids: (string | number)[]) {
    const idProperty = this.properties().find((property) => property.isId());
    if (!idProperty || ids.length === 0) return [];
    const key = idProperty.path();
    // Ids come from forms too (a reference typed as "zz"): only well-formed ones are looked up.
    const values =
      idProperty.type() === 'number'
        ? ids.map(Number).filter((id) => Number.isSafeInteger(id) && id > 0 && id <= 2_147_483_647)
        : ids.map(String);
    if (values.length === 0) return [];
    const rows = await this.delegate().findMany({ where: { [key]: { in: values } }, include: this.include() });
    return rows.map((row) => this.toRecord(row));
  }

  /** Saved rows come back with their computed values (display string, counts). */
  override async create(params: Row, context?: ActionContext): Promise<Row> {
    const write = () => (this.extras.save ? this.saveThrough(this.extras.save, null, params, context) : super.create(params));
    return this.reload((await this.refusalsAsFieldErrors(params, true, write)) as Row);
  }

  override async update(pk: string | number, form: Row = {}, context?: ActionContext): Promise<Row> {
    const params = await this.withoutUnchangedDatetimes(pk, form);
    const write = () => (this.extras.save ? this.saveThrough(this.extras.save, Number(pk), params, context) : super.update(pk, params));
    return this.reload((await this.refusalsAsFieldErrors(params, false, write)) as Row);
  }

  /**
   * The form sends every datetime back to the millisecond (JavaScript's precision) while the
   * column keeps microseconds: a value the user did not change is left out of the update, so
   * that saving a record keeps the stored timestamp exactly.
   */
  private async withoutUnchangedDatetimes(pk: string | number, params: Row): Promise<Row> {
    const plainFields = new Set([...(this.extras.timeFields ?? []), ...(this.extras.dateFields ?? [])]);
    const fields = this.properties()
      .filter((property) => property.type() === 'datetime' && !plainFields.has(property.path()))
      .map((property) => property.path())
      .filter((field) => !Number.isNaN(instant(params[field])));
    const id = this.properties().find((property) => property.isId());
    if (fields.length === 0 || !id) return params;
    const [stored] = await this.delegate().findMany({
      where: { [id.path()]: id.type() === 'number' ? Number(pk) : pk },
      select: Object.fromEntries(fields.map((field) => [field, true])),
      take: 1,
    });
    if (!stored) return params;
    const kept = { ...params };
    for (const field of fields) {
      const value = stored[field];
      if (value instanceof Date && instant(params[field]) === value.getTime()) delete kept[field];
    }
    return kept;
  }

  private async saveThrough(save: NonNullable<ResourceExtras['save']>, id: number | null, params: Row, context?: ActionContext) {
    return this.prepareReturnValues(await save(id, this.prepareParams(params), adminActor(context?.currentAdmin)));
  }

  /** A value the database refuses (missing, too long, duplicate, unknown reference) is a form error. */
  private async refusalsAsFieldErrors<T>(params: Row, creating: boolean, write: () => Promise<T>): Promise<T> {
    // On edit, only a field the form sends (emptied) is checked.
    const missing = (this.extras.requiredInForms ?? []).filter((field) => (creating || field in params) && !params[field]);
    if (missing.length) throw refusal(Object.fromEntries(missing.map((field) => [field, { message: 'Ce champ est obligatoire.' }])));
    // Text PostgreSQL cannot store (a NUL, a lone surrogate), said on its field rather than by a database error.
    const unstorableFields = Object.entries(params).flatMap(([field, value]) => {
      const reason = typeof value === 'string' ? unstorable(value) : undefined;
      return reason ? [[field, { message: reason }] as const] : [];
    });
    if (unstorableFields.length) throw refusal(Object.fromEntries(unstorableFields));
    try {
      return await write();
    } catch (error) {
      throw toValidationError(error, adapterInternals(this).model.fields, unflatten(params), this.extras.names) ?? error;
    }
  }

  private async reload(values: Row): Promise<Row> {
    const id = this.properties()
      .find((property) => property.isId())
      ?.path();
    const fresh = id && values[id] !== undefined ? await this.findOne(values[id] as string) : null;
    return fresh ? fresh.params : values;
  }

  private toRecord(row: Row): BaseRecord {
    return new BaseRecord(this.prepareReturnValues(row), this);
  }

  override prepareReturnValues(row: Row): Row {
    const values = super.prepareReturnValues(row) as Row;
    for (const field of this.extras.timeFields ?? []) values[field] = formatPanelTime(values[field]);
    for (const field of this.extras.dateFields ?? []) {
      const value = values[field];
      if (value instanceof Date) values[field] = value.toISOString().slice(0, 10);
    }
    return { ...values, ...(this.extras.computed?.(row) ?? {}) };
  }

  override prepareParams(params: Row): Row {
    const prepared = super.prepareParams(unflatten(params)) as Row;
    for (const field of this.extras.writeOnly ?? []) if (params[field] !== undefined) prepared[field] = params[field];
    for (const field of [...(this.extras.timeFields ?? []), ...(this.extras.dateFields ?? [])]) {
      if (!(field in prepared)) continue;
      const isTime = this.extras.timeFields?.includes(field);
      prepared[field] = isTime ? parsePanelTime(prepared[field]) : parsePanelDate(prepared[field]);
      // Left empty: the column's default (a session's 17:00–19:00, today) or its current value.
      if (prepared[field] === null && this.property(field)?.isRequired()) delete prepared[field];
    }
    return prepared;
  }
}
