// Participations: sign-up, removal, withdrawal notice, decisions (docs/api.md#participations;
// docs/decisions.md#security-fixes, S3–S6). Each write and the email it causes are one transaction (outbox).
import { Prisma, type PrismaClient } from '@prisma/client';
import type { Actor } from '../platform/auth.ts';
import type { Config } from '../platform/config.ts';
import type { AppContext } from '../platform/context.ts';
import { NotFound, PermissionDenied, ValidationError, messages, type FieldErrors } from '../platform/errors.ts';
import { formatDateTime } from '../platform/format.ts';
import { queueAbandon, queueParticipationDecisions } from './notifications.ts';
import { isStaff } from '../platform/permissions.ts';
import { canActFor, canDeleteParticipation, canJoinClosedVisit } from './permissions.ts';
import { registrationsOpen } from './rules.ts';
import { closedMessage, duplicateMessage, type AbandonBody, type AbandonJson, type CreateParticipationBody } from './schemas.ts';
import { participationSelect } from './serializers.ts';

const INT4_MAX = 2_147_483_647;

/** Loads the user and visit a body names; 400 with DRF's unknown-PK message for each missing one. */
async function requireUserAndVisit(prisma: PrismaClient, body: { user: number; visit: number }) {
  const [user, visit] = await Promise.all([
    body.user <= INT4_MAX ? prisma.user.findUnique({ where: { id: body.user }, select: { id: true } }) : null,
    body.visit <= INT4_MAX ? prisma.visit.findUnique({ where: { id: body.visit }, select: { id: true, deadline: true } }) : null,
  ]);
  const errors: FieldErrors = {};
  if (!user) errors.user = [messages.unknownPk(body.user)];
  if (!visit) errors.visit = [messages.unknownPk(body.visit)];
  if (!user || !visit) throw new ValidationError(errors);
  return { user, visit };
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

export async function createParticipation(ctx: AppContext, actor: Actor, body: CreateParticipationBody) {
  const { prisma } = ctx.db;
  if (!canActFor(actor, body.user)) throw new PermissionDenied();
  const { visit } = await requireUserAndVisit(prisma, body);
  if (!registrationsOpen(visit) && !canJoinClosedVisit(actor)) throw new ValidationError({ non_field_errors: [closedMessage] });
  // S3: the flags are the staff's decision; other callers' values are ignored.
  const staff = isStaff(actor);
  const data = { userId: body.user, visitId: body.visit, present: staff ? (body.present ?? null) : null };
  const accepted = staff ? (body.accepted ?? null) : null;
  const duplicate = new ValidationError({ non_field_errors: [duplicateMessage] });
  try {
    return await prisma.$transaction(async (tx) => {
      const existing = await tx.participation.findUnique({
        where: { userId_visitId: { userId: data.userId, visitId: data.visitId } },
        select: { id: true },
      });
      if (existing) throw duplicate;
      const { id } = await tx.participation.create({ data, select: { id: true } });
      if (accepted !== null) await decide(tx, ctx.config, [id], accepted);
      return tx.participation.findUniqueOrThrow({ where: { id }, select: participationSelect });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicate; // a concurrent identical sign-up won the race
    throw error;
  }
}

/**
 * Staff accept or reject participations (panel record and bulk actions): sets `accepted` on
 * those whose value changes and queues their emails, in one transaction. Returns the changed ids.
 */
export async function decideParticipations(ctx: AppContext, actor: Actor, ids: number[], accepted: boolean): Promise<number[]> {
  if (!isStaff(actor)) throw new PermissionDenied();
  return ctx.db.prisma.$transaction((tx) => decide(tx, ctx.config, ids, accepted));
}

/**
 * The one write of a decision, then the emails of the rows it changed (one read, one insert,
 * whatever their number). A concurrent identical decision waits for this one's row locks,
 * then finds nothing left to change: one email per change.
 */
async function decide(tx: Prisma.TransactionClient, config: Config, ids: number[], accepted: boolean): Promise<number[]> {
  const changed = await tx.participation.updateManyAndReturn({
    where: { id: { in: ids }, OR: [{ accepted: null }, { accepted: !accepted }] },
    data: { accepted },
    select: { id: true },
  });
  const changedIds = changed.map((row) => row.id);
  await queueParticipationDecisions(tx, config, changedIds, accepted);
  return changedIds;
}

/** A participation's columns as the panel's form sends them. */
export interface ParticipationFields {
  userId?: number | null;
  visitId?: number;
  present?: boolean | null;
  accepted?: boolean | null;
}

/**
 * The panel's participation form (new and edit): the row and, when `accepted` becomes true or
 * false, the decision and its email, in one transaction. Clearing `accepted` sends nothing.
 */
export async function saveParticipation(ctx: AppContext, actor: Actor, id: number | null, fields: ParticipationFields) {
  if (!isStaff(actor)) throw new PermissionDenied();
  const { accepted, ...columns } = fields;
  const decision = typeof accepted === 'boolean' ? accepted : null;
  const data = accepted === null ? { ...columns, accepted } : columns;
  return ctx.db.prisma.$transaction(async (tx) => {
    const saved =
      id === null
        ? await tx.participation.create({ data: data as Prisma.ParticipationUncheckedCreateInput, select: { id: true } })
        : await tx.participation.update({ where: { id }, data, select: { id: true } });
    if (decision !== null) await decide(tx, ctx.config, [saved.id], decision);
    return tx.participation.findUniqueOrThrow({ where: { id: saved.id } });
  });
}

export async function deleteParticipation(ctx: AppContext, actor: Actor, id: number): Promise<void> {
  const { prisma } = ctx.db;
  const participation = await prisma.participation.findUnique({ where: { id }, select: { userId: true } });
  if (!participation) throw new NotFound();
  if (!canDeleteParticipation(actor, participation)) throw new PermissionDenied();
  const { count } = await prisma.participation.deleteMany({ where: { id } });
  if (count === 0) throw new NotFound();
}

/** docs/api.md#participations abandon: queues the notice to the visits team; the participation is kept. */
export async function abandonVisit(ctx: AppContext, actor: Actor, body: AbandonBody): Promise<AbandonJson> {
  if (!canActFor(actor, body.user)) throw new PermissionDenied();
  await requireUserAndVisit(ctx.db.prisma, body);
  const result = await ctx.db.prisma.$transaction((tx) =>
    queueAbandon(tx, ctx.config, { userId: body.user, visitId: body.visit, reason: body.reason }),
  );
  return {
    user: body.user,
    reason: body.reason,
    visit: body.visit,
    sent: result.queuedAt ? formatDateTime(result.queuedAt) : null,
    recipient: result.recipient,
  };
}
