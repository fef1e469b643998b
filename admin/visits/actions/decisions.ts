// Actions beyond the Django admin (issue 5, item 7): accept / reject participations, one or
// in bulk, with their emails queued in the same transaction; presence after a visit.
import type { ActionRequest, ActionContext, ActionResponse, ResourceOptions } from 'adminjs';
import type { PrismaClient } from '@prisma/client';
import type { AppContext } from '../../../server/platform/context.ts';
import { decideParticipations } from '../../../server/visits/service.ts';
import { adminActor } from '../../platform/permissions.ts';
import { responseRecord } from '../../platform/params.ts';

function selectedIds(context: ActionContext): number[] {
  const records = context.records ?? (context.record ? [context.record] : []);
  return records.map((record) => Number(record.id()));
}

/** What a decision did, as staff read it: « 1 participation acceptée ; 1 e-mail mis en file. » */
export function decisionReport(count: number, accepted: boolean): string {
  if (count === 0) return 'Aucune participation modifiée (décision déjà prise) ; aucun e-mail envoyé.';
  const s = count > 1 ? 's' : '';
  return `${count} participation${s} ${accepted ? 'acceptée' : 'refusée'}${s} ; ${count} e-mail${s} mis en file.`;
}

/**
 * The participation form reports the email its decision queued: the service queues one when
 * `accepted` is set to yes or no and differs from the stored value (server/visits/service.ts).
 */
function formDecisionReport() {
  const previous = new WeakMap<object, unknown>();
  return {
    before: (request: ActionRequest, context: ActionContext) => {
      previous.set(context, context.record?.params?.accepted ?? null);
      return request;
    },
    after: (response: ActionResponse, request: ActionRequest, context: ActionContext) => {
      const accepted: unknown = responseRecord(response)?.params?.accepted;
      if (
        request.method === 'post' &&
        response.notice?.type === 'success' &&
        typeof accepted === 'boolean' &&
        accepted !== previous.get(context)
      ) {
        response.notice = {
          ...response.notice,
          message: `Participation enregistrée (${accepted ? 'acceptée' : 'refusée'}) ; 1 e-mail mis en file.`,
        };
      }
      return response;
    },
  };
}

/** The questions of a decision, asked by its actions and by the form before saving it. */
const ACCEPT_QUESTION = 'Accepter cette participation et prévenir le lycéen par e-mail ?';
const REJECT_QUESTION = 'Refuser cette participation et prévenir le lycéen par e-mail ?';

function decision(ctx: AppContext, accepted: boolean, bulk: boolean) {
  return async (request: ActionRequest, _response: unknown, context: ActionContext): Promise<ActionResponse> => {
    const { h, resource, records, record, currentAdmin } = context;
    if (request.method !== 'post') {
      return bulk ? { records: (records ?? []).map((r) => r.toJSON(currentAdmin)) } : { record: record!.toJSON(currentAdmin) };
    }
    const changed = await decideParticipations(ctx, adminActor(currentAdmin), selectedIds(context), accepted);
    const notice = { message: decisionReport(changed.length, accepted), type: 'success' as const };
    const redirectUrl = h.resourceUrl({ resourceId: resource.id() });
    if (bulk) return { records: (records ?? []).map((r) => r.toJSON(currentAdmin)), notice, redirectUrl, changed };
    const fresh = await resource.findOne(record!.id());
    return {
      record: fresh!.toJSON(currentAdmin),
      notice,
      redirectUrl: h.recordActionUrl({ resourceId: resource.id(), recordId: record!.id(), actionName: 'show' }),
      changed,
    };
  };
}

function presence(prisma: PrismaClient, present: boolean) {
  return async (request: ActionRequest, _response: unknown, context: ActionContext): Promise<ActionResponse> => {
    const { h, resource, records, currentAdmin } = context;
    if (request.method === 'post') {
      await prisma.participation.updateMany({ where: { id: { in: selectedIds(context) } }, data: { present } });
    }
    return {
      records: (records ?? []).map((r) => r.toJSON(currentAdmin)),
      notice: { message: 'Les présences ont été enregistrées.', type: 'success' },
      redirectUrl: h.resourceUrl({ resourceId: resource.id() }),
    };
  };
}

const confirmedForm = {
  component: 'ConfirmedEdit',
  custom: { confirm: { accepted: { true: ACCEPT_QUESTION, false: REJECT_QUESTION } } },
};

export function participationActions(ctx: AppContext): ResourceOptions['actions'] {
  const prisma = ctx.db.prisma;
  const report = formDecisionReport();
  return {
    // The forms ask before saving a decision (admin/components/confirmed-edit.jsx).
    new: { before: [report.before], after: [report.after], ...confirmedForm },
    edit: { before: [report.before], after: [report.after], ...confirmedForm },
    accept: {
      actionType: 'record',
      icon: 'Check',
      component: 'ActionConfirm',
      custom: { question: ACCEPT_QUESTION },
      handler: decision(ctx, true, false),
    },
    reject: {
      actionType: 'record',
      icon: 'X',
      component: 'ActionConfirm',
      custom: { question: REJECT_QUESTION },
      handler: decision(ctx, false, false),
    },
    // In a drawer over the list, which keeps its filters (e.g. one visit's participants).
    bulkAccept: {
      actionType: 'bulk',
      icon: 'Check',
      component: 'ActionConfirm',
      showInDrawer: true,
      custom: { question: 'Accepter ces participations et prévenir chaque lycéen par e-mail ?' },
      handler: decision(ctx, true, true),
    },
    bulkReject: {
      actionType: 'bulk',
      icon: 'X',
      component: 'ActionConfirm',
      showInDrawer: true,
      custom: { question: 'Refuser ces participations et prévenir chaque lycéen par e-mail ?' },
      handler: decision(ctx, false, true),
    },
    markPresent: { actionType: 'bulk', icon: 'UserCheck', component: 'ActionConfirm', showInDrawer: true, handler: presence(prisma, true) },
    markAbsent: { actionType: 'bulk', icon: 'UserX', component: 'ActionConfirm', showInDrawer: true, handler: presence(prisma, false) },
  };
}
