import type { AppContext } from '../platform/context.ts';
import type { Resource } from '../platform/endpoint.ts';

export function groupsResource(_ctx: AppContext): Resource {
  return { prefix: '/groups', tag: 'groups', endpoints: [] };
}

export function schoolsResource(_ctx: AppContext): Resource {
  return { prefix: '/schools', tag: 'schools', endpoints: [] };
}

export function sessionsResource(_ctx: AppContext): Resource {
  return { prefix: '/sessions', tag: 'sessions', endpoints: [] };
}
