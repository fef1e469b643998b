// POST /api/auth/get-token/ (docs/api.md#authentication) and GET /api/users/… (docs/api.md#users, auth required).
import type { AppContext } from '../platform/context.ts';
import { endpoint, type ApiResource } from '../platform/endpoint.ts';
import { NotFound } from '../platform/errors.ts';
import { origin } from '../platform/http.ts';
import { IdParam } from '../platform/validate.ts';
import { z } from '../platform/zod.ts';
import { createLoginService } from './login.ts';
import { GetTokenBody, GetTokenErrorsJson, TokenJson, UserSummaryJson, userSummaryExample } from './schemas.ts';
import { toUserSummaryJson, userSummarySelect } from './serializers.ts';
import { realUsers } from './service.ts';

export function authResource(ctx: AppContext): ApiResource {
  const login = createLoginService(ctx);
  return {
    prefix: '/auth',
    tag: 'auth',
    endpoints: [
      endpoint({
        method: 'post',
        path: '/get-token/',
        summary: 'Obtenir un jeton (connexion)',
        description:
          "`username` est l'adresse e-mail (casse indifférente). Le jeton est un JWT à durée de vie limitée, invalidé par un changement de mot de passe ou la désactivation du compte. Les échecs répétés (par adresse IP ou par compte) sont ralentis : 429 avec `Retry-After`.",
        auth: 'optional',
        body: GetTokenBody,
        responses: {
          200: { description: 'Le jeton et l’utilisateur', schema: TokenJson },
          400: { description: 'Champ manquant ou identifiants refusés', schema: GetTokenErrorsJson },
          429: { description: 'Trop de tentatives échouées' },
        },
        async handler({ req, body }) {
          const { token, user, actor } = await login(body, req.ip ?? 'unknown');
          return { token, user: toUserSummaryJson(user, origin(req), actor) };
        },
      }),
    ],
  };
}

export function usersResource(ctx: AppContext): ApiResource {
  const { prisma } = ctx.db;
  return {
    prefix: '/users',
    tag: 'users',
    endpoints: [
      endpoint({
        method: 'get',
        path: '/',
        summary: 'Liste des utilisateurs, par id',
        description: "Téléphone et date de naissance valent `null` sauf pour l'utilisateur lui-même, l'équipe et les tuteurs.",
        auth: 'required',
        responses: { 200: { description: 'Les utilisateurs', schema: z.array(UserSummaryJson), example: [userSummaryExample] } },
        async handler({ req, actor }) {
          const rows = await prisma.user.findMany({ where: realUsers, select: userSummarySelect, orderBy: { id: 'asc' } });
          return rows.map((row) => toUserSummaryJson(row, origin(req), actor));
        },
      }),
      endpoint({
        method: 'get',
        path: '/{id}/',
        summary: 'Un utilisateur',
        auth: 'required',
        params: IdParam,
        responses: { 200: { description: "L'utilisateur", schema: UserSummaryJson } },
        async handler({ req, actor, params }) {
          const row = await prisma.user.findFirst({ where: { id: params.id, ...realUsers }, select: userSummarySelect });
          if (!row) throw new NotFound();
          return toUserSummaryJson(row, origin(req), actor);
        },
      }),
    ],
  };
}
