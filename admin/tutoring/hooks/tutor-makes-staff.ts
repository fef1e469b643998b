// After a tutor is created: its user becomes staff (docs/api.md#tutors).
import type { ActionRequest, ActionResponse, RecordJSON } from 'adminjs';
import type { PrismaClient } from '@prisma/client';

/** docs/api.md#tutors: creating a tutor makes its user staff. */
export function tutorMakesStaff(prisma: PrismaClient) {
  return async (response: ActionResponse, request: ActionRequest) => {
    const record = response.record as RecordJSON | undefined;
    const userId = Number(record?.params.user);
    if (request.method === 'post' && userId && !Object.keys(record?.errors ?? {}).length) {
      await prisma.user.update({ where: { id: userId }, data: { isStaff: true } });
    }
    return response;
  };
}
