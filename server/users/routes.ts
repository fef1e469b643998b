import type { AppContext } from '../platform/context.ts';
import type { Resource } from '../platform/endpoint.ts';

export function authResource(_ctx: AppContext): Resource {
  return { prefix: '/auth', tag: 'auth', endpoints: [] };
}

export function usersResource(_ctx: AppContext): Resource {
  return { prefix: '/users', tag: 'users', endpoints: [] };
}
