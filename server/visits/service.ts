// Participations: sign-up, removal, withdrawal notice (SPEC 3.12, 4.11, lead decisions
// S3–S6). Each write and the email it causes are one transaction (outbox).
import { Prisma, type PrismaClient } from '@prisma/client';
import type { Actor } from '../platform/auth.ts';
import type { AppContext } from '../platform/context.ts';
import { NotFound, PermissionDenied, ValidationError, messages, type FieldErrors } from '../platform/errors.ts';
import { formatDateTime } from '../platform/format.ts';
import { queueAbandon, queueParticipationDecision } from './notifications.ts';
import { canActFor, canDeleteParticipation, canJoinClosedVisit, isStaff } from './permissions.ts';
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
  const data = { userId: body.user, visitId: body.visit, accepted: staff ? (body.accepted ?? null) : null, present: staff ? (body.present ?? null) : null };
  const duplicate = new ValidationError({ non_field_errors: [duplicateMessage] });
  try {
    return await prisma.$transaction(async (tx) => {
      const existing = await tx.participation.findUnique({ where: { userId_visitId: { userId: data.userId, visitId: data.visitId } }, select: { id: true } });
      if (existing) throw duplicate;
      const { id } = await tx.participation.create({ data, select: { id: true } });
      if (data.accepted !== null) await queueParticipationDecision(tx, ctx.config, id);
      return tx.participation.findUniqueOrThrow({ where: { id }, select: participationSelect });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicate; // a concurrent identical sign-up won the race
    throw error;
  }
}

export async function deleteParticipation(ctx: AppContext, actor: Actor, id: number): Promise<void> {
  const { prisma } = ctx.db;
  const participation = await prisma.participation.findUnique({ where: { id }, select: { userId: true } });
  if (!participation) throw new NotFound();
  if (!canDeleteParticipation(actor, participation)) throw new PermissionDenied();
  const { count } = await prisma.participation.deleteMany({ where: { id } });
  if (count === 0) throw new NotFound();
}

/** SPEC 3.12 abandon: queues the notice to the visits team; the participation is kept. */
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
