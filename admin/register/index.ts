// Inscriptions: registrations and emergency contacts (docs/admin.md#resources).
import type { AppContext } from '../../server/platform/context.ts';
import type { ResourceDef } from '../platform/define.ts';
import { registrationResource } from './registration.ts';
import { emergencyContactResource } from './emergency-contact.ts';

export function registerResources(ctx: AppContext): ResourceDef[] {
  return [registrationResource(ctx), emergencyContactResource()];
}
