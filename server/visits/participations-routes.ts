// POST /api/participations/, POST /api/participations/abandon/, DELETE
// /api/participations/{id}/ — authenticated (docs/api.md#participations, docs/decisions.md#security-fixes, S3–S6).
import type { AppContext } from '../platform/context.ts';
import { endpoint, type ApiResource } from '../platform/endpoint.ts';
import { origin } from '../platform/http.ts';
import { counter, createRateLimits } from '../platform/rate-limit.ts';
import { IdParam } from '../platform/validate.ts';
import { z } from '../platform/zod.ts';
import { AbandonBody, AbandonJson, CreateParticipationBody, ParticipationJson } from './schemas.ts';
import { toParticipationJson } from './serializers.ts';
import { abandonVisit, createParticipation, deleteParticipation } from './service.ts';

const detail = z.object({ detail: z.string() });
const forOthers = "Pour quelqu'un d'autre sans être staff";

export function participationsResource(ctx: AppContext): ApiResource {
  const { perUser, windowSeconds } = ctx.config.abandonThrottle;
  // S5: each abandon emails the visits team; bound how many one account can send.
  const limits = createRateLimits(ctx.db);
  const abandons = { name: 'abandon-user', limit: perUser, windowSeconds, delaySeconds: 0 };
  return {
    prefix: '/participations',
    tag: 'participations',
    // `/abandon/` first: the catch-all of `/{id}/` (405 to other methods) would otherwise take it.
    endpoints: [
      endpoint({
        method: 'post',
        path: '/abandon/',
        summary: "Prévenir l'équipe sorties d'un désistement",
        description:
          "N'efface pas la participation. `user` doit être l'appelant, sauf pour le staff. Limité par utilisateur (429 avec Retry-After).",
        auth: 'required',
        forbidden: forOthers,
        body: AbandonBody,
        responses: {
          201: { description: 'Notification mise en file', schema: AbandonJson },
          429: { description: 'Trop de désistements', schema: detail },
        },
        async before(req) {
          // Counted before the notice is queued, so that parallel requests cannot all pass;
          // given back when the request fails: only notices actually queued count.
          const notices = counter(abandons, String(req.actor.user!.id));
          await limits.take(notices);
          req.res!.once('finish', () => {
            if (req.res!.statusCode >= 300)
              void limits.giveBack(notices).catch((error) => ctx.logger.warn({ err: error }, 'abandon limit not given back'));
          });
        },
        handler: ({ actor, body }) => abandonVisit(ctx, actor, body),
      }),
      endpoint({
        method: 'post',
        path: '/',
        summary: 'Inscrire un utilisateur à une sortie',
        description:
          "`user` doit être l'appelant, sauf pour le staff ; `accepted`/`present` ne sont pris en compte que pour le staff ; 400 si les inscriptions sont fermées (sauf staff).",
        auth: 'required',
        forbidden: forOthers,
        body: CreateParticipationBody,
        responses: { 201: { description: 'La participation', schema: ParticipationJson } },
        async handler({ req, actor, body }) {
          const row = await createParticipation(ctx, actor, body);
          return toParticipationJson(row, { origin: origin(req), viewer: actor });
        },
      }),
      endpoint({
        method: 'delete',
        path: '/{id}/',
        summary: 'Supprimer une participation (son utilisateur ou le staff)',
        auth: 'required',
        forbidden: "La participation d'un autre, sans être staff",
        params: IdParam,
        responses: { 204: { description: 'Supprimée' } },
        async handler({ actor, params }) {
          await deleteParticipation(ctx, actor, params.id);
        },
      }),
    ],
  };
}
