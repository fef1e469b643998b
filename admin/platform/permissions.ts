// Who may do what in the panel: Django's model permissions (docs/admin.md#access-and-permissions). Superusers may do
// everything; other staff get `<action>_<model>` codenames from their groups and their own
// grants. The set is loaded once per request (admin/platform/middleware.ts, currentStaff) and read by every
// `isAccessible` and by the API gate, which answers 403 where AdminJS would answer 200.
import type { PrismaClient } from '@prisma/client';
import type AdminJS from 'adminjs';
import type { RequestHandler } from 'express';
import { anonymous, type Actor } from '../../server/platform/auth.ts';
import { panelHasAction, resourceApiAction, sessionAdmin } from './adminjs-internals.ts';

/** AdminJS resource id (the Prisma model) → Django content type. */
export const CONTENT_TYPES: Record<string, { appLabel: string; model: string }> = {
  User: { appLabel: 'users', model: 'user' },
  Group: { appLabel: 'auth', model: 'group' },
  Permission: { appLabel: 'auth', model: 'permission' },
  Student: { appLabel: 'profiles', model: 'student' },
  Tutor: { appLabel: 'profiles', model: 'tutor' },
  School: { appLabel: 'tutoring', model: 'school' },
  TutoringGroup: { appLabel: 'tutoring', model: 'tutoringgroup' },
  TutorTutoringGroup: { appLabel: 'tutoring', model: 'tutortutoringgroup' },
  TutoringSession: { appLabel: 'tutoring', model: 'tutoringsession' },
  Address: { appLabel: 'core', model: 'address' },
  Document: { appLabel: 'core', model: 'document' },
  Registration: { appLabel: 'register', model: 'registration' },
  EmergencyContact: { appLabel: 'register', model: 'emergencycontact' },
  Visit: { appLabel: 'visits', model: 'visit' },
  Place: { appLabel: 'visits', model: 'place' },
  Participation: { appLabel: 'visits', model: 'participation' },
  VisitOrganizer: { appLabel: 'visits', model: 'visitorganizer' },
  AdminLogEntry: { appLabel: 'admin', model: 'logentry' },
};

export type Verb = 'view' | 'add' | 'change' | 'delete';

/** The logged-in staff member as AdminJS sees it (`currentAdmin`). */
export interface AdminUser {
  id: number;
  email: string;
  title: string;
  isSuperuser: boolean;
  /** `app_label.codename`, e.g. `visits.change_visit`; not stored in the session. */
  permissions?: Set<string>;
  /** The id of the session this request came with; not stored in the session either. */
  sessionId?: string;
}

/** The panel's user as the services' actor: only staff log into the panel. */
export function adminActor(admin: unknown): Actor {
  const user = admin as AdminUser | undefined;
  return user ? { user: { id: user.id, email: user.email, isStaff: true, isSuperuser: user.isSuperuser } } : anonymous;
}

export async function loadPermissions(prisma: PrismaClient, userId: number): Promise<Set<string>> {
  const rows = await prisma.$queryRaw<{ perm: string }[]>`
    SELECT ct.app_label || '.' || p.codename AS perm
    FROM auth_permission p JOIN django_content_type ct ON ct.id = p.content_type_id
    WHERE p.id IN (
      SELECT gp.permission_id FROM auth_group_permissions gp
      JOIN users_user_groups ug ON ug.group_id = gp.group_id WHERE ug.user_id = ${userId}
      UNION SELECT up.permission_id FROM users_user_user_permissions up WHERE up.user_id = ${userId})`;
  return new Set(rows.map((row) => row.perm));
}

export function hasPermission(admin: AdminUser | undefined, resourceId: string, verb: Verb): boolean {
  if (!admin) return false;
  if (admin.isSuperuser) return true;
  const type = CONTENT_TYPES[resourceId];
  if (!type || !admin.permissions) return false;
  return admin.permissions.has(`${type.appLabel}.${verb}_${type.model}`);
}

/** docs/admin.md#access-and-permissions: list/show need change or view; Django 2.0's change implied view. */
export function canView(admin: AdminUser | undefined, resourceId: string): boolean {
  return hasPermission(admin, resourceId, 'view') || hasPermission(admin, resourceId, 'change');
}

/** The permission an AdminJS action needs; custom actions declare theirs in CUSTOM_ACTIONS. */
const ACTION_VERBS: Record<string, (admin: AdminUser | undefined, resourceId: string) => boolean> = {
  list: canView,
  show: canView,
  history: canView,
  search: (admin, id) => canSearch(admin, id),
  exportCsv: canView,
  new: (admin, id) => hasPermission(admin, id, 'add'),
  edit: (admin, id) => hasPermission(admin, id, 'change'),
  delete: (admin, id) => hasPermission(admin, id, 'delete'),
  bulkDelete: (admin, id) => hasPermission(admin, id, 'delete'),
  accept: (admin, id) => hasPermission(admin, id, 'change'),
  reject: (admin, id) => hasPermission(admin, id, 'change'),
  bulkAccept: (admin, id) => hasPermission(admin, id, 'change'),
  bulkReject: (admin, id) => hasPermission(admin, id, 'change'),
  markPresent: (admin, id) => hasPermission(admin, id, 'change'),
  markAbsent: (admin, id) => hasPermission(admin, id, 'change'),
  changePassword: (admin, id) => hasPermission(admin, id, 'change'),
  // The choices of a resource's forms and filter (define.ts CHOICES_ACTION): whoever may see one of them.
  choices: (admin, id) => canView(admin, id) || hasPermission(admin, id, 'add'),
};

export function canRunAction(admin: AdminUser | undefined, resourceId: string, action: string): boolean {
  const rule = ACTION_VERBS[action];
  return rule ? rule(admin, resourceId) : Boolean(admin?.isSuperuser);
}

/** Any right at all on a resource: decides whether it shows in the navigation. */
export function canSeeResource(admin: AdminUser | undefined, resourceId: string): boolean {
  return (['view', 'add', 'change', 'delete'] as const).some((verb) => hasPermission(admin, resourceId, verb));
}

/** `isAccessible` for an action of a resource, as AdminJS calls it. */
export function accessibleFor(resourceId: string, action: string) {
  return ({ currentAdmin }: { currentAdmin?: unknown }) => canRunAction(currentAdmin as AdminUser, resourceId, action);
}

/** Resource → the resources whose properties reference it (their forms and filters pick it). */
const pickedBy = new Map<string, Set<string>>();

/** Records which resources reference which, from the panel's resources (admin/platform/build.ts). */
export function registerReferences(resources: { id: string; references: string[] }[]): void {
  pickedBy.clear();
  for (const { id, references } of resources) {
    for (const target of references) pickedBy.set(target, (pickedBy.get(target) ?? new Set()).add(id));
  }
}

/**
 * Reference pickers search a resource (id and title only, admin/platform/search.ts): allowed to whoever
 * may view it, or has a right on a resource whose form or filter picks it (Django's selects
 * listed every row of the related model).
 */
function canSearch(admin: AdminUser | undefined, resourceId: string): boolean {
  if (canView(admin, resourceId)) return true;
  return [...(pickedBy.get(resourceId) ?? [])].some((source) => canSeeResource(admin, source));
}

/**
 * The server-side gate of the admin API. AdminJS turns a refused action into a 200 with an
 * error notice (and the list action ignores record rules); this answers 403 first, and 404
 * for an action the panel does not have.
 */
export function adminApiGate(panel: AdminJS): RequestHandler {
  return (req, res, next) => {
    const target = resourceApiAction(req.path);
    if (!target) return next();
    const admin = sessionAdmin<AdminUser>(req);
    // Logged out: AdminJS sends the login page.
    if (!admin) return next();
    if (!panelHasAction(panel, target.resourceId, target.action)) {
      res.status(404).json({ notice: { message: "Cette action n'existe pas.", type: 'error' } });
      return;
    }
    const allowed = canRunAction(admin, target.resourceId, target.action);
    if (allowed) return next();
    res.status(403).json({ notice: { message: "Vous n'avez pas la permission d'effectuer cette action.", type: 'error' } });
  };
}
