import type { AppContext } from '../platform/context.ts';
import type { Resource } from '../platform/endpoint.ts';

export function participationsResource(_ctx: AppContext): Resource {
  return { prefix: '/participations', tag: 'participations', endpoints: [] };
}

export function placesResource(_ctx: AppContext): Resource {
  return { prefix: '/places', tag: 'places', endpoints: [] };
}

export function visitsResource(_ctx: AppContext): Resource {
  return { prefix: '/visits', tag: 'visits', endpoints: [] };
}
