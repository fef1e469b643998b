// GET /api/registrations/ — staff only (docs/decisions.md#security-fixes, S1); POST — public
// sign-up, rate-limited per address (S11).
import type { AppContext } from '../platform/context.ts';
import { endpoint, type ApiResource } from '../platform/endpoint.ts';
import { isStaff } from '../platform/permissions.ts';
import { withPreciseTimestamps } from '../platform/precise-date.ts';
import { counter, createRateLimits } from '../platform/rate-limit.ts';
import { z } from '../platform/zod.ts';
import { RegistrationJson, createRegistrationBody } from './schemas.ts';
import { registrationOrder, registrationSelect, toRegistrationJson } from './serializers.ts';
import { registerStudent } from './service.ts';

const detail = z.object({ detail: z.string() });

export function registrationsResource(ctx: AppContext): ApiResource {
  const { prisma } = ctx.db;
  const { perIp, windowSeconds } = ctx.config.registrationThrottle;
  const limits = createRateLimits(ctx.db);
  const signUps = { name: 'sign-up-address', limit: perIp, windowSeconds, delaySeconds: 0 };
  return {
    prefix: '/registrations',
    tag: 'registrations',
    endpoints: [
      endpoint({
        method: 'get',
        path: '/',
        summary: "Dossiers d'inscription, les plus récents d'abord (staff seulement)",
        description: "Données personnelles de mineurs : réservé au staff (l'original les montrait à tous).",
        auth: 'optional',
        allow: isStaff,
        responses: { 200: { description: 'Les dossiers', schema: z.array(RegistrationJson) } },
        async handler() {
          const rows = await prisma.registration.findMany({ select: registrationSelect, orderBy: registrationOrder });
          return (await withPreciseTimestamps(ctx.db, 'register_registration', 'submitted', rows)).map(toRegistrationJson);
        },
      }),
      endpoint({
        method: 'post',
        path: '/',
        summary: "Inscription d'un lycéen : crée adresse, contact d'urgence, dossier, compte et profil",
        description:
          'Tout ou rien (une transaction). Mot de passe : 8 caractères au moins, pas entièrement numérique, pas trop courant. Limité par adresse IP (429 avec Retry-After).',
        auth: 'optional',
        body: createRegistrationBody(prisma),
        responses: {
          201: { description: 'Le dossier créé', schema: RegistrationJson },
          400: { description: 'Corps invalide (erreurs par champ, imbriquées pour address et emergency_contact)' },
          429: { description: "Trop d'inscriptions depuis cette adresse", schema: detail },
        },
        // S11: every attempt counts, invalid ones too (they probe emails and load the database).
        before: (req) => limits.take(counter(signUps, req.ip ?? 'unknown')),
        async handler({ body }) {
          const [row] = await withPreciseTimestamps(ctx.db, 'register_registration', 'submitted', [await registerStudent(prisma, body)]);
          return toRegistrationJson(row!);
        },
      }),
    ],
  };
}
