// Tutors (docs/api.md#tutors) and students (docs/api.md#students): read-only, authentication required.
import type { AppContext } from '../platform/context.ts';
import { endpoint, type ApiResource } from '../platform/endpoint.ts';
import { NotFound } from '../platform/errors.ts';
import { origin } from '../platform/http.ts';
import { IdParam } from '../platform/validate.ts';
import { z } from '../platform/zod.ts';
import { TutoringGroupJson, tutoringGroupExample } from '../tutoring/schemas.ts';
import { toTutoringGroupJson, tutoringGroupOrder, tutoringGroupSelect } from '../tutoring/serializers.ts';
import { VisitDetailJson } from '../visits/schemas.ts';
import { toVisitDetailJson } from '../visits/serializers.ts';
import { findVisitDetailRowsOfParticipant } from '../visits/visit-detail-query.ts';
import { NoTutoringGroupJson, StudentJson, TutorJson } from './schemas.ts';
import { toStudentJson, toTutorJson, tutorSelect } from './serializers.ts';
import { findFlatStudentRows, findStudentRow, toStudentRow } from './student-query.ts';
import { jsonList } from '../platform/json-list.ts';
import { realUsers } from '../users/service.ts';

const byId = { id: 'asc' } as const;

export function tutorsResource(ctx: AppContext): ApiResource {
  const { prisma } = ctx.db;
  return {
    prefix: '/tutors',
    tag: 'tutors',
    endpoints: [
      endpoint({
        method: 'get',
        path: '/',
        summary: 'Liste des tuteurs, par id',
        auth: 'required',
        responses: { 200: { description: 'Les tuteurs', schema: z.array(TutorJson) } },
        async handler({ req, actor }) {
          const rows = await prisma.tutor.findMany({ select: tutorSelect, orderBy: byId });
          return rows.map((row) => toTutorJson(row, origin(req), actor));
        },
      }),
      endpoint({
        method: 'get',
        path: '/{id}/',
        summary: 'Un tuteur',
        auth: 'required',
        params: IdParam,
        responses: { 200: { description: 'Le tuteur', schema: TutorJson } },
        async handler({ req, actor, params }) {
          const row = await prisma.tutor.findUnique({ where: { id: params.id }, select: tutorSelect });
          if (!row) throw new NotFound();
          return toTutorJson(row, origin(req), actor);
        },
      }),
      endpoint({
        method: 'get',
        path: '/{id}/tutoringgroups/',
        summary: "Les groupes de tutorat d'un tuteur, par nom",
        auth: 'required',
        params: IdParam,
        responses: {
          200: { description: 'Les groupes', schema: z.array(TutoringGroupJson), example: [tutoringGroupExample] },
          404: { description: 'Tuteur inconnu' },
        },
        async handler({ req, params }) {
          const [tutor, rows] = await Promise.all([
            prisma.tutor.findUnique({ where: { id: params.id }, select: { id: true } }),
            prisma.tutoringGroup.findMany({
              where: { memberships: { some: { tutorId: params.id } } },
              select: tutoringGroupSelect,
              orderBy: tutoringGroupOrder,
            }),
          ]);
          if (!tutor) throw new NotFound();
          return rows.map((row) => toTutoringGroupJson(row, origin(req)));
        },
      }),
    ],
  };
}

export function studentsResource(ctx: AppContext): ApiResource {
  const { prisma } = ctx.db;
  return {
    prefix: '/students',
    tag: 'students',
    endpoints: [
      endpoint({
        method: 'get',
        path: '/',
        summary: 'Liste des lycéens, par id',
        description: "Adresse, contact d'urgence et dossier valent `null` sauf pour le lycéen lui-même, l'équipe et les tuteurs.",
        auth: 'required',
        responses: { 200: { description: 'Les lycéens', schema: z.array(StudentJson) } },
        async handler({ req, actor }) {
          const requestOrigin = origin(req);
          return jsonList(await findFlatStudentRows(ctx.db), (flat) => toStudentJson(toStudentRow(flat), requestOrigin, actor));
        },
      }),
      endpoint({
        method: 'get',
        path: '/{id}/',
        summary: 'Un lycéen',
        auth: 'required',
        params: IdParam,
        responses: { 200: { description: 'Le lycéen', schema: StudentJson } },
        async handler({ req, actor, params }) {
          const row = await findStudentRow(ctx.db, params.id);
          if (!row) throw new NotFound();
          return toStudentJson(row, origin(req), actor);
        },
      }),
      endpoint({
        method: 'get',
        path: '/{id}/tutoringgroup/',
        summary: "Le groupe de tutorat d'un lycéen",
        description: 'Un lycéen sans groupe donne `{"name": ""}`, comme l’original (compatibilité).',
        auth: 'required',
        params: IdParam,
        responses: {
          200: { description: 'Le groupe', schema: z.union([TutoringGroupJson, NoTutoringGroupJson]), example: tutoringGroupExample },
          404: { description: 'Lycéen inconnu' },
        },
        async handler({ req, params }) {
          const student = await prisma.student.findUnique({
            where: { id: params.id },
            select: { tutoringGroup: { select: tutoringGroupSelect } },
          });
          if (!student) throw new NotFound();
          return student.tutoringGroup ? toTutoringGroupJson(student.tutoringGroup, origin(req)) : { name: '' };
        },
      }),
      endpoint({
        method: 'get',
        path: '/{id}/visits/',
        summary: 'Les sorties auxquelles un utilisateur est inscrit (forme détaillée), par date',
        description:
          "⚠ `{id}` est l'id d'un **utilisateur** (`user.id`), pas celui d'un lycéen : c'est ainsi que l'API d'origine le lisait et que le frontend l'appelle (avec l'id de l'utilisateur connecté). 404 si l'utilisateur n'existe pas (l'original répondait 500).",
        auth: 'required',
        params: IdParam,
        responses: { 200: { description: 'Les sorties', schema: z.array(VisitDetailJson) }, 404: { description: 'Utilisateur inconnu' } },
        async handler({ req, actor, params }) {
          const user = await prisma.user.findFirst({ where: { id: params.id, ...realUsers }, select: { id: true } });
          if (!user) throw new NotFound();
          const rows = await findVisitDetailRowsOfParticipant(ctx.db, user.id);
          const options = { origin: origin(req), viewer: actor, storage: ctx.storage };
          return Promise.all(rows.map((row) => toVisitDetailJson(row, options)));
        },
      }),
    ],
  };
}
