import type { AppContext } from '../platform/context.ts';
import type { Resource } from '../platform/endpoint.ts';

export function registrationsResource(_ctx: AppContext): Resource {
  return { prefix: '/registrations', tag: 'registrations', endpoints: [] };
}
