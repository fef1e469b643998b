import type { AppContext } from '../platform/context.ts';
import type { Resource } from '../platform/endpoint.ts';

export function studentsResource(_ctx: AppContext): Resource {
  return { prefix: '/students', tag: 'students', endpoints: [] };
}

export function tutorsResource(_ctx: AppContext): Resource {
  return { prefix: '/tutors', tag: 'tutors', endpoints: [] };
}
