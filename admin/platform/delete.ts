// Delete and bulk delete (docs/admin.md#resources): the selected records go in one statement,
// all or none (AdminJS deleted them one by one, keeping those before a refusal). When a row
// of another table forbids the delete (a foreign key without ON DELETE action: Django's kind,
// on a table outside the schema), the panel says so as Django did, deletes nothing, shows no
// success and writes no history. The confirmation already lists those rows (admin/platform/cascade.ts).
import { NotFoundError, type ActionContext, type ActionRequest, type ActionResponse } from 'adminjs';
import type { PrismaClient } from '@prisma/client';
import { deleteAll, protectedObjects } from './cascade.ts';
import { isReferencedRefusal } from './prisma-errors.ts';
import { textOf } from './define.ts';

/** A record as staff see it: its id and its title (« 3 rue du Musée, 75001 Paris »). */
interface Shown {
  id: string;
  title: string;
}

const PROTECTED = 'car cela nécessiterait de supprimer les objets protégés suivants :';

/** « Impossible de supprimer l'objet école « Lycée Curie » car cela nécessiterait … : 1 ligne de la table … » */
export async function refusedDeleteMessage(prisma: PrismaClient, model: string, singular: string, records: Shown[]): Promise<string> {
  const found = await protectedObjects(
    prisma,
    model,
    records.map((record) => record.id),
  );
  const blocked = records.filter((record) => found.get(record.id)?.length);
  const rows = (record: Shown) => found.get(record.id)!.join(', ');
  if (records.length === 1) {
    const what = `l'objet ${singular} « ${records[0]!.title} »`;
    if (blocked.length === 0) return `Impossible de supprimer ${what} : d'autres données en dépendent.`;
    return `Impossible de supprimer ${what} ${PROTECTED} ${rows(records[0]!)}.`;
  }
  const none = "Rien n'a été supprimé.";
  if (blocked.length === 0) return `Impossible de supprimer la sélection : d'autres données en dépendent. ${none}`;
  return `Impossible de supprimer la sélection ${PROTECTED} ${blocked.map((record) => `« ${record.title} » : ${rows(record)}`).join(' ; ')}. ${none}`;
}

export function deleteHandler(prisma: PrismaClient, model: string, singular: string) {
  return async (request: ActionRequest, _response: unknown, context: ActionContext): Promise<ActionResponse> => {
    const { h, resource, currentAdmin } = context;
    const bulk = context.action.name === 'bulkDelete';
    const records = context.records ?? (context.record ? [context.record] : []);
    if (records.length === 0) throw new NotFoundError('no records were selected.', 'Action#handler');
    const json = bulk ? { records: records.map((r) => r.toJSON(currentAdmin)) } : { record: records[0]!.toJSON(currentAdmin) };
    if (request.method !== 'post') return json;
    try {
      await deleteAll(
        prisma,
        model,
        records.map((record) => String(record.id())),
      );
    } catch (error) {
      if (!isReferencedRefusal(error)) throw error;
      const shown = records.map((record) => ({ id: String(record.id()), title: textOf(resource.decorate().titleOf(record)) }));
      return { ...json, notice: { message: await refusedDeleteMessage(prisma, model, singular, shown), type: 'error' } };
    }
    const notice = bulk
      ? {
          message: records.length > 1 ? 'successfullyBulkDeleted_plural' : 'successfullyBulkDeleted',
          options: { count: records.length },
          resourceId: resource.id(),
          type: 'success' as const,
        }
      : { message: 'successfullyDeleted', type: 'success' as const };
    return { ...json, notice, redirectUrl: h.resourceUrl({ resourceId: resource.id() }) };
  };
}
