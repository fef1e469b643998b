// History of changes (who changed what, when) in Django's admin log table, so the original
// history carries over (docs/decisions.md#data-model). Written by after-hooks of new/edit/delete and of the
// custom actions; shown on every record by the `history` action.
import type { ActionContext, ActionRequest, ActionResponse, Action, BaseRecord, RecordActionResponse } from 'adminjs';
import type { PrismaClient } from '@prisma/client';
import { CONTENT_TYPES, type AdminUser } from './permissions.ts';
import { frenchInterface } from './locale-fr.ts';
import { responseRecord, savedWithoutErrors } from './params.ts';

export const ADDITION = 1;
export const CHANGE = 2;
export const DELETION = 3;

/** Content type ids by resource id, read once. */
export async function loadContentTypeIds(prisma: PrismaClient): Promise<Map<string, number>> {
  const rows = await prisma.contentType.findMany({ select: { id: true, appLabel: true, model: true } });
  const ids = new Map<string, number>();
  for (const [resourceId, type] of Object.entries(CONTENT_TYPES)) {
    const row = rows.find((r) => r.appLabel === type.appLabel && r.model === type.model);
    if (row) ids.set(resourceId, row.id);
  }
  return ids;
}

type Params = Record<string, unknown>;

/** The fields whose value differs, by their French label. */
function changedFields(before: Params, after: Params, labels: Record<string, string>): string[] {
  return Object.keys(labels)
    .filter((key) => key in after && JSON.stringify(before[key] ?? null) !== JSON.stringify(after[key] ?? null))
    .map((key) => labels[key]!);
}

/**
 * The record's label as staff see it (« 3 rue du Musée, 75001 Paris »), kept in the entry's
 * object_repr as Django did, so that an entry still names the object once it is deleted.
 * AdminJS's `record.title()` reads the adapter's properties, which lack the panel's title
 * (`displayName`): it gave the id.
 */
function shownTitle(context: ActionContext, record: BaseRecord): unknown {
  return context.resource.decorate().titleOf(record) || record.id();
}

export function historyHooks(prisma: PrismaClient, resourceId: string, contentTypes: Map<string, number>, labels: Record<string, string>) {
  const previous = new WeakMap<object, Params>();
  const write = (admin: AdminUser | undefined, flag: number, objectId: unknown, repr: unknown, message: unknown[]) =>
    admin
      ? prisma.adminLogEntry.create({
          data: {
            userId: admin.id,
            actionFlag: flag,
            objectId: String(objectId),
            objectRepr: String(repr ?? objectId).slice(0, 200),
            changeMessage: JSON.stringify(message),
            contentTypeId: contentTypes.get(resourceId) ?? null,
          },
        })
      : Promise.resolve();
  return {
    remember: (request: ActionRequest, context: ActionContext) => {
      if (context.record) previous.set(context, { ...context.record.params });
      return request;
    },
    added: async (response: ActionResponse, request: ActionRequest, context: ActionContext) => {
      const record = responseRecord(response);
      if (request.method === 'post' && savedWithoutErrors(response) && record?.id) {
        await write(context.currentAdmin as unknown as AdminUser, ADDITION, record.id, record.title, [{ added: {} }]);
      }
      return response;
    },
    changed: async (response: ActionResponse, request: ActionRequest, context: ActionContext) => {
      const record = responseRecord(response);
      if (request.method === 'post' && savedWithoutErrors(response) && record?.id) {
        const fields = changedFields(previous.get(context) ?? {}, record.params ?? {}, labels);
        await write(
          context.currentAdmin as unknown as AdminUser,
          CHANGE,
          record.id,
          record.title,
          fields.length ? [{ changed: { fields } }] : [],
        );
      }
      return response;
    },
    deleted: async (response: ActionResponse, request: ActionRequest, context: ActionContext) => {
      // A refused delete (admin/platform/delete.ts) deleted nothing.
      if (request.method !== 'post' || response.notice?.type !== 'success') return response;
      const records = context.records ?? (context.record ? [context.record] : []);
      for (const record of records)
        await write(context.currentAdmin as unknown as AdminUser, DELETION, record.id(), shownTitle(context, record), [{ deleted: {} }]);
      return response;
    },
    /** For custom actions: "<action label>" recorded as a change of each record. */
    custom: (label: string) => async (response: ActionResponse, request: ActionRequest, context: ActionContext) => {
      if (request.method !== 'post') return response;
      const records = context.records ?? (context.record ? [context.record] : []);
      for (const record of records)
        await write(context.currentAdmin as unknown as AdminUser, CHANGE, record.id(), shownTitle(context, record), [{ action: label }]);
      return response;
    },
  };
}

/** The `history` record action: the log entries of one record, newest first. */
export function historyAction(
  prisma: PrismaClient,
  resourceId: string,
  contentTypes: Map<string, number>,
): Partial<Action<RecordActionResponse>> {
  return {
    actionType: 'record',
    icon: 'Clock',
    component: 'History',
    showInDrawer: false,
    handler: async (_request, _response, context) => {
      const record = context.record!;
      const entries = await prisma.adminLogEntry.findMany({
        where: { contentTypeId: contentTypes.get(resourceId) ?? -1, objectId: String(record.id()) },
        orderBy: { actionTime: 'desc' },
        take: 200,
        select: {
          actionTime: true,
          actionFlag: true,
          changeMessage: true,
          user: { select: { email: true, firstName: true, lastName: true } },
        },
      });
      return {
        record: record.toJSON(context.currentAdmin),
        entries: entries.map((entry) => ({
          time: entry.actionTime.toISOString(),
          flag: entry.actionFlag,
          user: `${entry.user.firstName} ${entry.user.lastName}`.trim() || entry.user.email,
          message: describe(entry.actionFlag, entry.changeMessage),
        })),
      };
    },
  };
}

/** A custom action by its French label (« Accepter la sélection »); it is recorded by its name. */
function actionLabel(name: string): string {
  return `Action « ${(frenchInterface.actions as Record<string, string>)[name] ?? name} »`;
}

/** Django's change messages in French ("Modification de titre et date."). */
export function describe(flag: number, changeMessage: string): string {
  let parts: Record<string, unknown>[] = [];
  try {
    const parsed: unknown = JSON.parse(changeMessage || '[]');
    if (Array.isArray(parsed)) parts = parsed as Record<string, unknown>[];
  } catch {
    return changeMessage;
  }
  const texts = parts.map((part) => {
    if ('added' in part) return 'Ajout.';
    if ('deleted' in part) return 'Suppression.';
    if ('action' in part) return `${actionLabel(String(part.action))}.`;
    const fields = ((part.changed as { fields?: string[] } | undefined)?.fields ?? []).join(', ');
    return fields ? `Modification de ${fields}.` : 'Modification.';
  });
  if (texts.length) return texts.join(' ');
  return flag === ADDITION ? 'Ajout.' : flag === DELETION ? 'Suppression.' : 'Aucun champ modifié.';
}
