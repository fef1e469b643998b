// Contracts of the visits, places and participations resources (docs/api.md#visits, #participations, #places).
import { AddressJson, addressExample } from '../core/address.ts';
import { primaryKey, text } from '../platform/validate.ts';
import { z } from '../platform/zod.ts';
import { UserSummaryJson, userSummaryExample } from '../users/schemas.ts';

const placeExample = {
  id: 1,
  name: 'Palais de la Découverte',
  address: addressExample,
  description: 'Un musée ![plan](http://localhost:8000/media/markdownx/plan.png)',
};

export const PlaceJson = z
  .object({
    id: z.number().int(),
    name: z.string(),
    address: AddressJson.nullable(),
    description: z.string().openapi({ description: 'Markdown, images with absolute URLs' }),
  })
  .openapi('Place', { example: placeExample });
export type PlaceJson = z.infer<typeof PlaceJson>;

const participationExample = { id: 5, user: userSummaryExample, visit: 1, present: null, accepted: null };

export const ParticipationJson = z
  .object({
    id: z.number().int(),
    user: UserSummaryJson.nullable(),
    visit: z.number().int(),
    present: z.boolean().nullable(),
    accepted: z.boolean().nullable().openapi({ description: 'null = pending' }),
  })
  .openapi('Participation', { example: participationExample });
export type ParticipationJson = z.infer<typeof ParticipationJson>;

const visitCommon = {
  id: z.number().int(),
  title: z.string(),
  summary: z.string(),
  date: z.string().openapi({ description: 'YYYY-MM-DD' }),
  start_time: z.string().openapi({ description: 'HH:MM:SS' }),
  end_time: z.string().openapi({ description: 'HH:MM:SS' }),
  deadline: z.string().openapi({ description: 'ISO 8601, Europe/Paris' }),
  passed: z.boolean().openapi({ description: 'The visit ended (date + end time, Europe/Paris) before now' }),
  registrations_open: z.boolean().openapi({ description: 'now < deadline' }),
  image: z.string().url().nullable(),
  url: z.string().url(),
};

const visitExample = {
  id: 1,
  title: 'Visite du Palais de la Découverte',
  summary: '',
  date: '2031-05-21',
  start_time: '14:00:00',
  end_time: '16:30:00',
  deadline: '2031-05-14T23:59:00+02:00',
  passed: false,
  registrations_open: true,
  image: 'http://localhost:8000/media/visits/images/visit-1.jpg',
  url: 'http://localhost:8000/api/visits/1/',
};

export const VisitListJson = z
  .object({
    ...visitCommon,
    place: z.string().nullable().openapi({ description: 'Name of the place' }),
    participants: z.array(z.number().int()).openapi({ description: 'User ids of all participations, by id' }),
    organizers: z.array(z.number().int()).openapi({ description: 'User ids of the organizing tutors, by id' }),
  })
  .openapi('VisitListItem', { example: { ...visitExample, place: 'Palais de la Découverte', participants: [4], organizers: [3] } });
export type VisitListJson = z.infer<typeof VisitListJson>;

export const OrganizerJson = z
  .object({ id: z.number().int().openapi({ description: 'Tutor id' }), user: UserSummaryJson.nullable() })
  .openapi('VisitOrganizer');

export const VisitDetailJson = z
  .object({
    ...visitCommon,
    description: z.string().openapi({ description: 'Raw Markdown' }),
    place: PlaceJson.nullable(),
    meeting: z.string(),
    participants: z.array(ParticipationJson),
    organizers: z.array(OrganizerJson),
    fact_sheet: z.string().url().nullable(),
    permission: z.string().url().nullable(),
  })
  .openapi('VisitDetail', {
    example: {
      ...visitExample,
      description: '',
      place: placeExample,
      meeting: "Devant les escaliers de l'entrée principale",
      participants: [{ ...participationExample, id: 1 }],
      organizers: [{ id: 1, user: { ...userSummaryExample, id: 3, url: 'http://localhost:8000/api/users/3/' } }],
      fact_sheet: 'http://localhost:8000/media/visits/fact_sheets/visit1.pdf',
      permission: null,
    },
  });
export type VisitDetailJson = z.infer<typeof VisitDetailJson>;

// ─── Request bodies ─────────────────────────────────────────────────────────

const BOOLEAN_STRINGS: Record<string, boolean | null> = {
  true: true,
  True: true,
  '1': true,
  false: false,
  False: false,
  '0': false,
  null: null,
  '': null,
};

/** DRF's NullBooleanField: true/false/null, or their form-encoded spellings. */
function nullableBoolean() {
  return z.preprocess(
    (value) => (typeof value === 'string' && value in BOOLEAN_STRINGS ? BOOLEAN_STRINGS[value] : value),
    z.boolean({ invalid_type_error: 'Doit être un booléen valide.' }).nullable().optional(),
  );
}

export const CreateParticipationBody = z
  .object({
    user: primaryKey().openapi({ type: 'integer', description: 'Must be the caller unless staff' }),
    visit: primaryKey().openapi({ type: 'integer' }),
    present: nullableBoolean().openapi({ type: ['boolean', 'null'], description: 'Staff only; ignored otherwise' }),
    accepted: nullableBoolean().openapi({ type: ['boolean', 'null'], description: 'Staff only; ignored otherwise' }),
  })
  .openapi('CreateParticipation', { example: { user: 3, visit: 1 } });
export type CreateParticipationBody = z.infer<typeof CreateParticipationBody>;

export const AbandonBody = z
  .object({
    user: primaryKey().openapi({ type: 'integer', description: 'Must be the caller unless staff' }),
    visit: primaryKey().openapi({ type: 'integer' }),
    reason: text(2000),
  })
  .openapi('Abandon', { example: { user: 3, visit: 1, reason: 'Désolé, je ne peux plus venir…' } });
export type AbandonBody = z.infer<typeof AbandonBody>;

export const AbandonJson = z
  .object({
    user: z.number().int(),
    reason: z.string(),
    visit: z.number().int(),
    sent: z.string().nullable().openapi({ description: 'When the notice was queued; null when mails are disabled' }),
    recipient: z.string().openapi({ description: 'The visits team address' }),
  })
  .openapi('AbandonResult', {
    example: {
      user: 3,
      reason: 'Désolé, je ne peux plus venir…',
      visit: 1,
      sent: '2018-05-23T22:27:06.313137+02:00',
      recipient: 'visits-team@example.org',
    },
  });
export type AbandonJson = z.infer<typeof AbandonJson>;

export const closedMessage = 'Les inscriptions à cette sortie sont fermées.';
export const duplicateMessage = 'Les champs user, visit doivent former un ensemble unique.';
