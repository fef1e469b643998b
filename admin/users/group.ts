// Utilisateurs: the groups whose permissions their members receive (docs/admin.md#access-and-permissions).
import type { PrismaClient } from '@prisma/client';
import { NAV, MANY_TO_MANY, type ResourceDef } from '../platform/define.ts';
import { linkedIds, setGroupPermissions, syncLinks } from './hooks/links.ts';

export function groupResource(prisma: PrismaClient): ResourceDef {
  return {
    model: 'Group',
    label: 'Groupes',
    singular: 'groupe',
    properties: {
      id: { label: 'ID' },
      name: { label: 'nom', isTitle: true },
      permissionIds: {
        label: 'permissions',
        type: 'reference',
        reference: 'Permission',
        isArray: true,
        isSortable: false,
        isVisible: { list: false, filter: false, show: true, edit: true },
        components: MANY_TO_MANY,
      },
    },
    options: {
      navigation: NAV.users,
      listProperties: ['name'],
      filterProperties: ['name'],
      sort: { sortBy: 'name', direction: 'asc' },
      actions: {
        new: { after: [syncLinks('permissionIds', setGroupPermissions, prisma)] },
        edit: { after: [syncLinks('permissionIds', setGroupPermissions, prisma)] },
      },
    },
    extras: {
      include: { permissions: { select: { permissionId: true } } },
      computed: (row) => ({ permissionIds: linkedIds(row.permissions, 'permissionId') }),
    },
  };
}
