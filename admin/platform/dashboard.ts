// The panel's home page: upcoming visits (registrations open, participants), participations
// waiting for a decision, counts, the staff member's own recent actions (Django's « Mes
// actions »); or the "no permission yet" message (docs/admin.md#access-and-permissions).
// "Upcoming" starts with today in Paris, by the context's clock (docs/admin.md#resources).
import type { ActionContext } from 'adminjs';
import { currentTime, type AppContext } from '../../server/platform/context.ts';
import { formatDate, parisDate } from '../../server/platform/format.ts';
import { registrationsOpen } from '../../server/visits/rules.ts';
import { DELETION } from './history.ts';
import { canView, canSeeResource, CONTENT_TYPES, type AdminUser } from './permissions.ts';

const RECENT_ACTIONS = 10;

/**
 * `contentTypes`: content type ids by resource id (history.ts); `singular`: each resource's
 * French name of one record, shown beside each recent action.
 */
export function dashboardHandler(ctx: AppContext, contentTypes: Map<string, number>, singular: Record<string, string>) {
  const prisma = ctx.db.prisma;
  const resourceOfType = new Map([...contentTypes].map(([resourceId, typeId]) => [typeId, resourceId]));
  return async (_request: unknown, _response: unknown, context: ActionContext) => {
    const admin = context.currentAdmin as unknown as AdminUser | undefined;
    const anything = Object.keys(CONTENT_TYPES).some((id) => canSeeResource(admin, id));
    if (!anything) return { noPermission: true };
    const now = currentTime(ctx);
    const today = new Date(`${parisDate(now)}T00:00:00Z`);
    const [visits, pending, counts, actions] = await Promise.all([
      canView(admin, 'Visit')
        ? prisma.visit.findMany({
            where: { date: { gte: today } },
            orderBy: { date: 'asc' },
            take: 10,
            select: { id: true, title: true, date: true, deadline: true, _count: { select: { participations: true } } },
          })
        : [],
      canView(admin, 'Participation')
        ? prisma.participation.findMany({
            where: { accepted: null, visit: { date: { gte: today } } },
            orderBy: { id: 'asc' },
            take: 20,
            select: { id: true, user: { select: { email: true } }, visit: { select: { title: true } } },
          })
        : [],
      Promise.all([
        canView(admin, 'User') ? prisma.user.count() : null,
        canView(admin, 'Student') ? prisma.student.count() : null,
        canView(admin, 'Tutor') ? prisma.tutor.count() : null,
        canView(admin, 'Visit') ? prisma.visit.count() : null,
        canView(admin, 'Registration') ? prisma.registration.count({ where: { validated: false } }) : null,
        canView(admin, 'Participation') ? prisma.participation.count({ where: { accepted: null } }) : null,
      ]),
      prisma.adminLogEntry.findMany({
        where: { userId: admin!.id },
        orderBy: [{ actionTime: 'desc' }, { id: 'desc' }],
        take: RECENT_ACTIONS,
        select: { id: true, actionTime: true, actionFlag: true, objectId: true, objectRepr: true, contentTypeId: true },
      }),
    ]);
    const labels = ['Utilisateurs', 'Lycéens', 'Tuteurs', 'Sorties', "Dossiers d'inscription à valider", 'Participations en attente'];
    return {
      noPermission: false,
      upcomingVisits: visits.map((visit) => ({
        id: visit.id,
        title: visit.title,
        date: formatDate(visit.date),
        registrationsOpen: registrationsOpen(visit, now),
        participants: visit._count.participations,
      })),
      pendingParticipations: pending.map((row) => ({ id: row.id, user: row.user?.email ?? '', visit: row.visit.title })),
      counts: counts.map((value, index) => ({ label: labels[index], value })).filter((entry) => entry.value !== null),
      // As Django's: a deleted object is named by the label it had, without a link.
      recentActions: actions.map((entry) => {
        const resourceId = entry.contentTypeId === null ? undefined : resourceOfType.get(entry.contentTypeId);
        const linked = entry.actionFlag !== DELETION && resourceId !== undefined && entry.objectId && canView(admin, resourceId);
        return {
          id: entry.id,
          time: entry.actionTime.toISOString(),
          flag: entry.actionFlag,
          label: entry.objectRepr,
          kind: resourceId ? (singular[resourceId] ?? '') : '',
          href: linked ? `/resources/${resourceId}/records/${encodeURIComponent(entry.objectId!)}/show` : null,
        };
      }),
    };
  };
}
