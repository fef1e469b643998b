// Sorties: visits, places, participations, organizers (docs/admin.md#resources).
import type { AppContext } from '../../server/platform/context.ts';
import type { ResourceDef } from '../platform/define.ts';
import { visitResource } from './visit.ts';
import { placeResource } from './place.ts';
import { participationResource } from './participation.ts';
import { organizerResource } from './organizer.ts';

export function visitResources(ctx: AppContext): ResourceDef[] {
  return [visitResource(ctx), placeResource(ctx), participationResource(ctx), organizerResource()];
}
