// Every delete confirmation (one record or the selected ones) says what goes with each record,
// as Django's did: deleting an address deletes the places and registrations that use it,
// deleting a tutor their memberships and organizer rows. The cascades are read from the
// datamodel and followed down; one query per cascade relation, whatever the number of records.
import type { ActionResponse } from 'adminjs';
import type { PrismaClient } from '@prisma/client';
import datamodel from '../../server/generated/dmmf.json' with { type: 'json' };

interface Field {
  name: string;
  type: string;
  isId?: boolean;
  relationOnDelete?: string;
  relationFromFields?: string[];
}
const models = (datamodel as unknown as { models: { name: string; fields: Field[] }[] }).models;

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

/** For each id, the rows deleted with it by model (resources only), following the cascades down. */
export async function cascadeCounts(
  prisma: PrismaClient,
  model: string,
  ids: string[],
  names: ModelNames,
): Promise<Map<string, Map<string, number>>> {
  const counts = new Map(ids.map((id) => [id, new Map<string, number>()]));
  const rootId = idField(model).type === 'Int' ? Number : String;
  let level: { model: string; rows: { id: unknown; root: string }[] }[] = [
    { model, rows: ids.map((id) => ({ id: rootId(id), root: id })) },
  ];
  // A model's rows are deleted with one parent at most here (the tree is two levels deep today).
  for (let depth = 0; depth < 4 && level.length; depth += 1) {
    const next: typeof level = [];
    for (const { model: parent, rows } of level) {
      const rootOf = new Map(rows.map((row) => [String(row.id), row.root]));
      for (const child of cascadesOf(parent).filter((c) => names[c.model])) {
        const key = idField(child.model).name;
        const found = await delegate(prisma, child.model).findMany({
          where: { [child.foreignKey]: { in: rows.map((row) => row.id) } },
          select: { [key]: true, [child.foreignKey]: true },
        });
        const children = found.map((row) => ({ id: row[key], root: rootOf.get(String(row[child.foreignKey]))! }));
        for (const { root } of children) counts.get(root)!.set(child.model, (counts.get(root)!.get(child.model) ?? 0) + 1);
        if (children.length) next.push({ model: child.model, rows: children });
      }
    }
    level = next;
  }
  return counts;
}

/** « 1 participation », « 2 organisateurs ». */
export function describeCounts(counts: Map<string, number>, names: ModelNames): string[] {
  return [...counts].map(([model, count]) => `${count} ${count === 1 ? names[model]!.singular : names[model]!.plural}`);
}

/**
 * After-hook of the confirmation (GET) of delete and bulkDelete: each record gets `alsoDeleted`
 * (« 1 lieu », …), which the confirmation (admin/components/action-confirm.jsx) lists.
 */
export function cascadeNotice(prisma: PrismaClient, model: string, names: ModelNames) {
  return async (response: ActionResponse, request: { method?: string }): Promise<ActionResponse> => {
    type RecordJson = { id: string | number; alsoDeleted?: string[] };
    const records = ((response.records ?? (response.record ? [response.record] : [])) as RecordJson[]).filter(Boolean);
    if (request.method !== 'get' || records.length === 0 || cascadesOf(model).length === 0) return response;
    const counts = await cascadeCounts(
      prisma,
      model,
      records.map((record) => String(record.id)),
      names,
    );
    for (const record of records) record.alsoDeleted = describeCounts(counts.get(String(record.id)) ?? new Map<string, number>(), names);
    return response;
  };
}
