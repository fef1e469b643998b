// The panel's home page: upcoming visits (registrations open, participants), participations
// waiting for a decision, counts; or the "no permission yet" message (docs/admin.md#access-and-permissions).
import type { PrismaClient } from '@prisma/client';
import type { ActionContext } from 'adminjs';
import { registrationsOpen } from '../../server/visits/rules.ts';
import { canView, canSeeResource, CONTENT_TYPES, type AdminUser } from './permissions.ts';

export function dashboardHandler(prisma: PrismaClient) {
  return async (_request: unknown, _response: unknown, context: ActionContext) => {
    const admin = context.currentAdmin as unknown as AdminUser | undefined;
    const anything = Object.keys(CONTENT_TYPES).some((id) => canSeeResource(admin, id));
    if (!anything) return { noPermission: true };
    const today = new Date(new Date().toISOString().slice(0, 10));
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
        date: visit.date.toISOString().slice(0, 10),
        registrationsOpen: registrationsOpen(visit),
        participants: visit._count.participations,
      })),
      pendingParticipations: pending.map((row) => ({ id: row.id, user: row.user?.email ?? '', visit: row.visit.title })),
      counts: counts.map((value, index) => ({ label: labels[index], value })).filter((entry) => entry.value !== null),
    };
  };
}
