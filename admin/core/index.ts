// Contenu: documents and addresses (docs/admin.md#resources).
import type { AppContext } from '../../server/platform/context.ts';
import type { ResourceDef } from '../platform/define.ts';
import { documentResource } from './document.ts';
import { addressResource } from './address.ts';

export function coreResources(ctx: AppContext): ResourceDef[] {
  return [documentResource(ctx.db.prisma), addressResource()];
}
