// Schools, tutoring groups and tutoring sessions (docs/api.md#schools, #tutoring-groups-and-sessions): read-only.
import type { AppContext } from '../platform/context.ts';
import { endpoint, type ApiResource } from '../platform/endpoint.ts';
import { NotFound } from '../platform/errors.ts';
import { origin } from '../platform/http.ts';
import { jsonObjectSql, jsonOf } from '../platform/format-sql.ts';
import { JsonText } from '../platform/json-list.ts';
import { IdParam } from '../platform/validate.ts';
import { z } from '../platform/zod.ts';
import { SchoolChoiceJson, SchoolJson, TutoringGroupJson, TutoringSessionJson, UaiParam, tutoringGroupExample } from './schemas.ts';
import { findSchoolUaiCode } from './schools.ts';
import {
  schoolOrder,
  schoolSelect,
  toSchoolJson,
  toTutoringGroupJson,
  toTutoringSessionJson,
  tutoringGroupOrder,
  tutoringGroupSelect,
  tutoringSessionOrder,
  tutoringSessionSelect,
} from './serializers.ts';

/** The school choices' JSON text (SchoolChoiceJson items, by name then code). */
const SCHOOL_CHOICES_JSON_SQL = `SELECT '[' || coalesce(string_agg(${jsonObjectSql([
  ['uai_code', jsonOf('uai_code')],
  ['name', jsonOf('name')],
])}, ',' ORDER BY name, uai_code), '') || ']' AS body FROM tutoring_school`;

export function schoolsResource(ctx: AppContext): ApiResource {
  const { prisma } = ctx.db;
  return {
    prefix: '/schools',
    tag: 'schools',
    endpoints: [
      // Before /{uai_code}/ so that "choices" is not read as a code.
      endpoint({
        method: 'get',
        path: '/choices/',
        summary: 'Lycées pour le formulaire d’inscription (code UAI et nom)',
        auth: 'optional',
        responses: { 200: { description: 'Les lycées, par nom', schema: z.array(SchoolChoiceJson) } },
        // Called anonymously by every registration form: PostgreSQL writes the whole answer,
        // rather than Prisma's millisecond of CPU per call or rows decoded then serialized again
        // (docs/benchmark.md).
        async handler() {
          const [row] = await ctx.db.query<{ body: string }>(SCHOOL_CHOICES_JSON_SQL);
          return new JsonText(row!.body);
        },
      }),
      endpoint({
        method: 'get',
        path: '/',
        summary: 'Liste des lycées, par nom',
        description: 'Accessible sans authentification, comme dans l’original (le détail demande un jeton).',
        auth: 'optional',
        responses: { 200: { description: 'Les lycées', schema: z.array(SchoolJson) } },
        async handler({ req }) {
          const rows = await prisma.school.findMany({ select: schoolSelect, orderBy: schoolOrder });
          return rows.map((row) => toSchoolJson(row, origin(req)));
        },
      }),
      endpoint({
        method: 'get',
        path: '/{uai_code}/',
        summary: 'Un lycée, par son code UAI (casse indifférente)',
        auth: 'required',
        params: UaiParam,
        responses: { 200: { description: 'Le lycée', schema: SchoolJson }, 404: { description: 'Code UAI inconnu' } },
        async handler({ req, params }) {
          // docs/api.md#schools: lookups ignore the case of the letter.
          const uaiCode = await findSchoolUaiCode(prisma, params.uai_code);
          const row = uaiCode && (await prisma.school.findUnique({ where: { uaiCode }, select: schoolSelect }));
          if (!row) throw new NotFound();
          return toSchoolJson(row, origin(req));
        },
      }),
    ],
  };
}

export function groupsResource(ctx: AppContext): ApiResource {
  const { prisma } = ctx.db;
  return {
    prefix: '/groups',
    tag: 'groups',
    endpoints: [
      endpoint({
        method: 'get',
        path: '/',
        summary: 'Liste des groupes de tutorat, par nom',
        auth: 'required',
        responses: { 200: { description: 'Les groupes', schema: z.array(TutoringGroupJson), example: [tutoringGroupExample] } },
        async handler({ req }) {
          const rows = await prisma.tutoringGroup.findMany({ select: tutoringGroupSelect, orderBy: tutoringGroupOrder });
          return rows.map((row) => toTutoringGroupJson(row, origin(req)));
        },
      }),
      endpoint({
        method: 'get',
        path: '/{id}/',
        summary: 'Un groupe de tutorat',
        auth: 'required',
        params: IdParam,
        responses: { 200: { description: 'Le groupe', schema: TutoringGroupJson } },
        async handler({ req, params }) {
          const row = await prisma.tutoringGroup.findUnique({ where: { id: params.id }, select: tutoringGroupSelect });
          if (!row) throw new NotFound();
          return toTutoringGroupJson(row, origin(req));
        },
      }),
    ],
  };
}

export function sessionsResource(ctx: AppContext): ApiResource {
  const { prisma } = ctx.db;
  return {
    prefix: '/sessions',
    tag: 'sessions',
    endpoints: [
      endpoint({
        method: 'get',
        path: '/',
        summary: 'Liste des séances de tutorat, par date et heure de début',
        auth: 'optional',
        responses: { 200: { description: 'Les séances', schema: z.array(TutoringSessionJson) } },
        async handler({ req }) {
          const rows = await prisma.tutoringSession.findMany({ select: tutoringSessionSelect, orderBy: tutoringSessionOrder });
          return rows.map((row) => toTutoringSessionJson(row, origin(req)));
        },
      }),
      endpoint({
        method: 'get',
        path: '/{id}/',
        summary: 'Une séance de tutorat',
        auth: 'optional',
        params: IdParam,
        responses: { 200: { description: 'La séance', schema: TutoringSessionJson } },
        async handler({ req, params }) {
          const row = await prisma.tutoringSession.findUnique({ where: { id: params.id }, select: tutoringSessionSelect });
          if (!row) throw new NotFound();
          return toTutoringSessionJson(row, origin(req));
        },
      }),
    ],
  };
}
