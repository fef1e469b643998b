// The many-to-many selections of the user and group forms (groups, permissions), written
// after the record is saved.
import type { ActionRequest, ActionResponse } from 'adminjs';
import type { PrismaClient } from '@prisma/client';
import { arrayParam, responseRecord, savedWithoutErrors } from '../../platform/params.ts';

type Row = Record<string, unknown>;

/** After new/edit: the many-to-many selections (groups, permissions) are written. */
export function syncLinks(
  field: string,
  write: (prisma: PrismaClient, ownerId: number, ids: number[]) => Promise<void>,
  prisma: PrismaClient,
) {
  return async (response: ActionResponse, request: ActionRequest): Promise<ActionResponse> => {
    const id = Number(responseRecord(response)?.params?.id);
    if (request.method !== 'post' || !id || !savedWithoutErrors(response)) return response;
    const ids = arrayParam(request.payload ?? {}, field);
    if (ids !== undefined) await write(prisma, id, ids);
    return response;
  };
}

export async function setUserGroups(prisma: PrismaClient, userId: number, groupIds: number[]) {
  await prisma.$transaction([
    prisma.userGroup.deleteMany({ where: { userId, groupId: { notIn: groupIds } } }),
    prisma.userGroup.createMany({ data: groupIds.map((groupId) => ({ userId, groupId })), skipDuplicates: true }),
  ]);
}

export async function setUserPermissions(prisma: PrismaClient, userId: number, permissionIds: number[]) {
  await prisma.$transaction([
    prisma.userPermission.deleteMany({ where: { userId, permissionId: { notIn: permissionIds } } }),
    prisma.userPermission.createMany({ data: permissionIds.map((permissionId) => ({ userId, permissionId })), skipDuplicates: true }),
  ]);
}

export async function setGroupPermissions(prisma: PrismaClient, groupId: number, permissionIds: number[]) {
  await prisma.$transaction([
    prisma.groupPermission.deleteMany({ where: { groupId, permissionId: { notIn: permissionIds } } }),
    prisma.groupPermission.createMany({ data: permissionIds.map((permissionId) => ({ groupId, permissionId })), skipDuplicates: true }),
  ]);
}

/** The ids of a many-to-many selection as a form shows them. */
export const linkedIds = (rows: unknown, key: string) => ((rows as Row[] | undefined) ?? []).map((row) => row[key]);
