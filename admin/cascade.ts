// The confirmation of "delete selected" says what goes with each record (SPEC 7.1: e.g.
// deleting an address deletes the places and registrations that use it). The cascades are
// read from the datamodel; the counts come in one query per page of records.
import type { ActionResponse } from 'adminjs';
import type { PrismaClient } from '@prisma/client';
import datamodel from '../server/generated/dmmf.json' with { type: 'json' };

interface Field {
  name: string;
  type: string;
  relationName?: string;
  relationOnDelete?: string;
  relationFromFields?: string[];
  isList?: boolean;
}
const models = (datamodel as unknown as { models: { name: string; fields: Field[] }[] }).models;

/** List relations of `model` whose rows are deleted with it: relation field → related model. */
export function cascadesOf(model: string): { field: string; model: string }[] {
  const own = models.find((m) => m.name === model)?.fields ?? [];
  const result: { field: string; model: string }[] = [];
  for (const other of models) {
    for (const field of other.fields) {
      if (field.type !== model || field.relationOnDelete !== 'Cascade' || !field.relationFromFields?.length) continue;
      const back = own.find((f) => f.relationName === field.relationName && f.type === other.name);
      if (back) result.push({ field: back.name, model: other.name });
    }
  }
  return result;
}

/** After-hook of bulkDelete's confirmation (GET): "— supprimera aussi : 2 participations". */
export function cascadeNotice(prisma: PrismaClient, model: string, labels: Record<string, string>) {
  const cascades = cascadesOf(model).filter((c) => labels[c.model]);
  return async (response: ActionResponse, request: { method?: string }): Promise<ActionResponse> => {
    const records = (response.records ?? []) as { id: string | number; title: string }[];
    if (request.method !== 'get' || cascades.length === 0 || records.length === 0) return response;
    const delegate = (prisma as unknown as Record<string, { findMany(args: unknown): Promise<{ id: unknown; _count: Record<string, number> }[]> }>)[
      model.charAt(0).toLowerCase() + model.slice(1)
    ]!;
    const rows = await delegate.findMany({
      where: { id: { in: records.map((r) => Number(r.id)) } },
      select: { id: true, _count: { select: Object.fromEntries(cascades.map((c) => [c.field, true])) } },
    });
    for (const record of records) {
      const counts = rows.find((row) => String(row.id) === String(record.id))?._count ?? {};
      const parts = cascades.filter((c) => counts[c.field]).map((c) => `${counts[c.field]} ${labels[c.model]!.toLowerCase()}`);
      if (parts.length) record.title = `${record.title} — supprimera aussi : ${parts.join(', ')}`;
    }
    return response;
  };
}
