// Visit, place and participation rows to the API's JSON (docs/api.md#visits, #participations, #places).
// Each serializer exports the Prisma `select` it needs, so one query loads a whole list
// (no N+1, docs/decisions.md#performance, P1).
import type { Prisma } from '@prisma/client';
import { addressSelect, toAddressJson } from '../core/address.ts';
import type { Actor } from '../platform/auth.ts';
import { formatDate, formatDateTime, formatTime } from '../platform/format.ts';
import { markdownForApi, withoutUnsafeUrls } from '../platform/markdown.ts';
import type { Storage } from '../platform/storage.ts';
import { toUserSummaryJson, userSummarySelect } from '../users/serializers.ts';
import { isPassed, registrationsOpen } from './rules.ts';
import type { ParticipationJson, PlaceJson, VisitDetailJson } from './schemas.ts';

/** What every serializer of this domain needs from the request. */
export interface SerializeOptions {
  /** `<scheme>://<host>` of the request. */
  origin: string;
  /** Decides whether embedded users show their personal data (docs/decisions.md#security-fixes, S2). */
  viewer: Actor;
  storage: Storage;
  now?: Date;
}

// ─── Places ─────────────────────────────────────────────────────────────────

export const placeSelect = {
  id: true,
  name: true,
  description: true,
  address: { select: addressSelect },
} satisfies Prisma.PlaceSelect;
type PlaceRow = Prisma.PlaceGetPayload<{ select: typeof placeSelect }>;

/** docs/api.md#places: the description's images get absolute URLs (also when nested in a visit). */
export function toPlaceJson(row: PlaceRow, origin: string): PlaceJson {
  return { id: row.id, name: row.name, address: toAddressJson(row.address), description: markdownForApi(row.description, origin) };
}

// ─── Participations ─────────────────────────────────────────────────────────

export const participationSelect = {
  id: true,
  visitId: true,
  present: true,
  accepted: true,
  user: { select: userSummarySelect },
} satisfies Prisma.ParticipationSelect;
type ParticipationRow = Prisma.ParticipationGetPayload<{ select: typeof participationSelect }>;

export function toParticipationJson(row: ParticipationRow, options: Pick<SerializeOptions, 'origin' | 'viewer'>): ParticipationJson {
  return {
    id: row.id,
    user: row.user ? toUserSummaryJson(row.user, options.origin, options.viewer) : null,
    visit: row.visitId,
    present: row.present,
    accepted: row.accepted,
  };
}

// ─── Visits ─────────────────────────────────────────────────────────────────

const visitScalars = {
  id: true,
  title: true,
  summary: true,
  date: true,
  startTime: true,
  endTime: true,
  deadline: true,
  image: true,
} satisfies Prisma.VisitSelect;

/** The rows of the detail shape; loaded by visit-detail-query.ts in one statement, without Prisma. */
export const visitDetailSelect = {
  ...visitScalars,
  description: true,
  meeting: true,
  factSheet: true,
  permission: true,
  place: { select: placeSelect },
  participations: { select: participationSelect, orderBy: { id: 'asc' } },
  organizers: {
    select: { tutor: { select: { id: true, user: { select: userSummarySelect } } } },
    orderBy: { tutorId: 'asc' },
  },
} satisfies Prisma.VisitSelect;
export type VisitDetailRow = Prisma.VisitGetPayload<{ select: typeof visitDetailSelect }>;

/** A file field's URL from the storage, null when empty. */
export function fileUrl(storage: Storage, key: string | null, origin: string): Promise<string | null> {
  return key ? storage.fileUrl(key, origin) : Promise.resolve(null);
}

function commonJson(row: VisitDetailRow, now: Date) {
  return {
    id: row.id,
    title: row.title,
    summary: row.summary,
    date: formatDate(row.date),
    start_time: formatTime(row.startTime),
    end_time: formatTime(row.endTime),
    deadline: formatDateTime(row.deadline),
    passed: isPassed(row, now),
    registrations_open: registrationsOpen(row, now),
  };
}

/** Detail shape, exactly the 18 keys of docs/api.md#visits; also used by /api/students/{id}/visits/. */
export async function toVisitDetailJson(row: VisitDetailRow, options: SerializeOptions): Promise<VisitDetailJson> {
  const { origin, storage, now = new Date() } = options;
  const [image, factSheet, permission] = await Promise.all([
    fileUrl(storage, row.image, origin),
    fileUrl(storage, row.factSheet, origin),
    fileUrl(storage, row.permission, origin),
  ]);
  const common = commonJson(row, now);
  return {
    id: common.id,
    title: common.title,
    summary: common.summary,
    description: withoutUnsafeUrls(row.description),
    place: row.place ? toPlaceJson(row.place, origin) : null,
    date: common.date,
    start_time: common.start_time,
    end_time: common.end_time,
    meeting: row.meeting,
    deadline: common.deadline,
    passed: common.passed,
    registrations_open: common.registrations_open,
    participants: row.participations.map((participation) => toParticipationJson(participation, options)),
    organizers: row.organizers.map(({ tutor }) => ({
      id: tutor.id,
      user: tutor.user ? toUserSummaryJson(tutor.user, origin, options.viewer) : null,
    })),
    image,
    fact_sheet: factSheet,
    permission,
    url: `${origin}/api/visits/${row.id}/`,
  };
}
