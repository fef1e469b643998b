// GET /api/visits/ (+ {id}/) — authenticated; GET /api/places/ (+ {id}/) — public
// (docs/api.md#visits, #places). Participations are in participations-routes.ts.
import type { AppContext } from '../platform/context.ts';
import { endpoint, type ApiResource } from '../platform/endpoint.ts';
import { NotFound } from '../platform/errors.ts';
import { JsonText } from '../platform/json-list.ts';
import { origin } from '../platform/http.ts';
import { IdParam } from '../platform/validate.ts';
import { z } from '../platform/zod.ts';
import { PlaceJson, VisitDetailJson, VisitListJson } from './schemas.ts';
import { placeSelect, toPlaceJson } from './serializers.ts';
import { visitDetailJsonText } from './visit-detail-query.ts';
import { visitListJsonText } from './visit-list-query.ts';

export { participationsResource } from './participations-routes.ts';

export function visitsResource(ctx: AppContext): ApiResource {
  return {
    prefix: '/visits',
    tag: 'visits',
    endpoints: [
      endpoint({
        method: 'get',
        path: '/',
        summary: 'Liste des sorties, par date',
        auth: 'required',
        responses: { 200: { description: 'Les sorties (forme liste)', schema: z.array(VisitListJson) } },
        async handler({ req }) {
          return new JsonText(await visitListJsonText(ctx.db, { origin: origin(req), storage: ctx.storage }));
        },
      }),
      endpoint({
        method: 'get',
        path: '/{id}/',
        summary: 'Une sortie (forme détaillée)',
        auth: 'required',
        params: IdParam,
        responses: { 200: { description: 'La sortie', schema: VisitDetailJson } },
        async handler({ req, actor, params }) {
          const text = await visitDetailJsonText(ctx.db, params.id, { origin: origin(req), viewer: actor, storage: ctx.storage });
          if (text === null) throw new NotFound();
          return new JsonText(text);
        },
      }),
    ],
  };
}

export function placesResource(ctx: AppContext): ApiResource {
  const { prisma } = ctx.db;
  return {
    prefix: '/places',
    tag: 'places',
    endpoints: [
      endpoint({
        method: 'get',
        path: '/',
        summary: 'Liste des lieux, par nom',
        auth: 'optional',
        responses: { 200: { description: 'Les lieux', schema: z.array(PlaceJson) } },
        async handler({ req }) {
          const rows = await prisma.place.findMany({ select: placeSelect, orderBy: [{ name: 'asc' }, { id: 'asc' }] });
          return rows.map((row) => toPlaceJson(row, origin(req)));
        },
      }),
      endpoint({
        method: 'get',
        path: '/{id}/',
        summary: 'Un lieu',
        auth: 'optional',
        params: IdParam,
        responses: { 200: { description: 'Le lieu', schema: PlaceJson } },
        async handler({ req, params }) {
          const row = await prisma.place.findUnique({ where: { id: params.id }, select: placeSelect });
          if (!row) throw new NotFound();
          return toPlaceJson(row, origin(req));
        },
      }),
    ],
  };
}
