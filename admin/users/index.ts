// Utilisateurs: accounts, groups and permissions (docs/admin.md#resources).
import type { AppContext } from '../../server/platform/context.ts';
import type { ResourceDef } from '../platform/define.ts';
import { userResource } from './user.ts';
import { groupResource } from './group.ts';
import { permissionResource } from './permission.ts';

export function userResources(ctx: AppContext): ResourceDef[] {
  return [userResource(ctx.db.prisma), groupResource(ctx.db.prisma), permissionResource()];
}
