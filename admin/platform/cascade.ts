// Every delete confirmation (one record or the selected ones) says what goes with each record,
// as Django's did: deleting an address deletes the places and registrations that use it,
// deleting a tutor their memberships and organizer rows. The cascades are read from the
// datamodel and followed down; one query per cascade relation, whatever the number of records.
import type { ActionResponse } from 'adminjs';
import type { PrismaClient } from '@prisma/client';
import datamodel from '../../server/generated/dmmf.json' with { type: 'json' };

interface Field {
  name: string;
  dbName?: string | null;
  type: string;
  isId?: boolean;
  relationOnDelete?: string;
  relationFromFields?: string[];
}
const models = (datamodel as unknown as { models: { name: string; dbName?: string | null; fields: Field[] }[] }).models;

/** The models whose rows are deleted with a row of `model`, and their foreign key to it. */
export function cascadesOf(model: string): { model: string; foreignKey: string }[] {
  return models.flatMap((other) =>
    other.fields
      .filter((field) => field.type === model && field.relationOnDelete === 'Cascade' && field.relationFromFields?.length)
      .map((field) => ({ model: other.name, foreignKey: field.relationFromFields![0]! })),
  );
}

function idField(model: string): Field {
  return models.find((m) => m.name === model)?.fields.find((field) => field.isId) ?? { name: 'id', type: 'Int' };
}

type Delegate = { findMany(args: unknown): Promise<Record<string, unknown>[]> };
const delegate = (prisma: PrismaClient, model: string) =>
  (prisma as unknown as Record<string, Delegate>)[model.charAt(0).toLowerCase() + model.slice(1)]!;

/** French names of the resources, to count what goes: « 1 participation », « 2 lieux ». */
export type ModelNames = Record<string, { singular: string; plural: string }>;

/** The rows of one model deleted with the chosen ones, each with the id of the chosen row it goes with. */
interface Level {
  model: string;
  rows: { id: unknown; root: string }[];
}

/**
 * The chosen rows, then the rows deleted with them level by level, following the cascades into
 * the models `follow` accepts; one query per cascade relation, whatever the number of rows.
 */
async function deletedRows(prisma: PrismaClient, model: string, ids: string[], follow: (model: string) => boolean): Promise<Level[]> {
  const rootId = idField(model).type === 'Int' ? Number : String;
  let level: Level[] = [{ model, rows: ids.map((id) => ({ id: rootId(id), root: id })) }];
  const all = [...level];
  // A model's rows are deleted with one parent at most here (the tree is two levels deep today).
  for (let depth = 0; depth < 4 && level.length; depth += 1) {
    const next: Level[] = [];
    for (const { model: parent, rows } of level) {
      const rootOf = new Map(rows.map((row) => [String(row.id), row.root]));
      for (const child of cascadesOf(parent).filter((c) => follow(c.model))) {
        const key = idField(child.model).name;
        const found = await delegate(prisma, child.model).findMany({
          where: { [child.foreignKey]: { in: rows.map((row) => row.id) } },
          select: { [key]: true, [child.foreignKey]: true },
        });
        const children = found.map((row) => ({ id: row[key], root: rootOf.get(String(row[child.foreignKey]))! }));
        if (children.length) next.push({ model: child.model, rows: children });
      }
    }
    all.push(...next);
    level = next;
  }
  return all;
}

/** For each id, the rows deleted with it by model (resources only), following the cascades down. */
export async function cascadeCounts(
  prisma: PrismaClient,
  model: string,
  ids: string[],
  names: ModelNames,
): Promise<Map<string, Map<string, number>>> {
  const counts = new Map(ids.map((id) => [id, new Map<string, number>()]));
  const [, ...levels] = await deletedRows(prisma, model, ids, (child) => Boolean(names[child]));
  for (const { model: child, rows } of levels) {
    for (const { root } of rows) counts.get(root)!.set(child, (counts.get(root)!.get(child) ?? 0) + 1);
  }
  return counts;
}

/**
 * A foreign key that forbids deleting the rows it references (no ON DELETE action, or
 * RESTRICT). The schema has none; tables outside it may (a Django table kept by the takeover,
 * a table added by hand), so they are read from the database's catalogue.
 */
interface Restriction {
  table: string;
  column: string;
  target: string;
  targetColumn: string;
}

async function restrictions(prisma: PrismaClient): Promise<Restriction[]> {
  return prisma.$queryRaw<Restriction[]>`
    SELECT c.conrelid::regclass::text AS "table", quote_ident(a.attname) AS "column",
           c.confrelid::regclass::text AS target, af.attname::text AS "targetColumn"
      FROM pg_constraint c
      JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
      JOIN pg_attribute af ON af.attrelid = c.confrelid AND af.attnum = c.confkey[1]
     WHERE c.contype = 'f' AND c.confdeltype IN ('a', 'r') AND cardinality(c.conkey) = 1`;
}

const tableOf = (model: string) => models.find((m) => m.name === model)?.dbName ?? model;

/**
 * For each id, the rows of other tables that forbid deleting it or what goes with it
 * (« 1 ligne de la table authtoken_token »): the protected objects of Django's confirmation.
 * One catalogue query, then one query per restricting key that points at a deleted row.
 */
export async function protectedObjects(prisma: PrismaClient, model: string, ids: string[]): Promise<Map<string, string[]>> {
  const found = new Map(ids.map((id) => [id, [] as string[]]));
  const keys = await restrictions(prisma);
  if (keys.length === 0 || ids.length === 0) return found;
  for (const { model: deleted, rows } of await deletedRows(prisma, model, ids, () => true)) {
    const id = idField(deleted);
    for (const key of keys.filter((k) => k.target === tableOf(deleted) && k.targetColumn === (id.dbName ?? id.name))) {
      const rootOf = new Map(rows.map((row) => [String(row.id), row.root]));
      const counted = await prisma.$queryRawUnsafe<{ key: string; count: number }[]>(
        `SELECT ${key.column}::text AS key, count(*)::int AS count FROM ${key.table} WHERE ${key.column}::text = ANY($1) GROUP BY 1`,
        [...rootOf.keys()],
      );
      for (const row of counted) {
        found.get(rootOf.get(row.key)!)!.push(`${row.count} ${row.count === 1 ? 'ligne' : 'lignes'} de la table ${key.table}`);
      }
    }
  }
  return found;
}

/** « 1 participation », « 2 organisateurs ». */
export function describeCounts(counts: Map<string, number>, names: ModelNames): string[] {
  return [...counts].map(([model, count]) => `${count} ${count === 1 ? names[model]!.singular : names[model]!.plural}`);
}

/**
 * After-hook of the confirmation (GET) of delete and bulkDelete: each record gets `alsoDeleted`
 * (« 1 lieu », …) and `protectedBy`, the rows that forbid its delete, which the confirmation
 * (admin/components/action-confirm.jsx) lists.
 */
export function cascadeNotice(prisma: PrismaClient, model: string, names: ModelNames) {
  return async (response: ActionResponse, request: { method?: string }): Promise<ActionResponse> => {
    type RecordJson = { id: string | number; alsoDeleted?: string[]; protectedBy?: string[] };
    const records = ((response.records ?? (response.record ? [response.record] : [])) as RecordJson[]).filter(Boolean);
    if (request.method !== 'get' || records.length === 0) return response;
    const ids = records.map((record) => String(record.id));
    const [counts, protectedBy] = await Promise.all([
      cascadesOf(model).length ? cascadeCounts(prisma, model, ids, names) : new Map<string, Map<string, number>>(),
      protectedObjects(prisma, model, ids),
    ]);
    for (const record of records) {
      record.alsoDeleted = describeCounts(counts.get(String(record.id)) ?? new Map<string, number>(), names);
      record.protectedBy = protectedBy.get(String(record.id)) ?? [];
    }
    return response;
  };
}

/** Deletes the chosen rows in one statement: all of them, or none when the database refuses one. */
export async function deleteAll(prisma: PrismaClient, model: string, ids: string[]): Promise<number> {
  const id = idField(model);
  const values = id.type === 'Int' ? ids.map(Number) : ids;
  const { count } = await (delegate(prisma, model) as unknown as DeleteDelegate).deleteMany({ where: { [id.name]: { in: values } } });
  return count;
}
type DeleteDelegate = { deleteMany(args: unknown): Promise<{ count: number }> };
