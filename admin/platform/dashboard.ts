// The panel's home page: upcoming visits (registrations open, participants), participations
// waiting for a decision, counts; or the "no permission yet" message (docs/admin.md#access-and-permissions).
// "Upcoming" starts with today in Paris, by the context's clock (docs/admin.md#resources).
import type { ActionContext } from 'adminjs';
import { currentTime, type AppContext } from '../../server/platform/context.ts';
import { formatDate, parisDate } from '../../server/platform/format.ts';
import { registrationsOpen } from '../../server/visits/rules.ts';
import { canView, canSeeResource, CONTENT_TYPES, type AdminUser } from './permissions.ts';

export function dashboardHandler(ctx: AppContext) {
  const prisma = ctx.db.prisma;
  return async (_request: unknown, _response: unknown, context: ActionContext) => {
    const admin = context.currentAdmin as unknown as AdminUser | undefined;
    const anything = Object.keys(CONTENT_TYPES).some((id) => canSeeResource(admin, id));
    if (!anything) return { noPermission: true };
    const now = currentTime(ctx);
    const today = new Date(`${parisDate(now)}T00:00:00Z`);
    const [visits, pending, counts] = await Promise.all([
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
    };
  };
}
