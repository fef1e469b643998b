// A visit's own checks, before new and edit (docs/admin.md#resources): required fields, the
// deadline before the visit's date, the end after the start.
import type { ActionRequest, ActionContext } from 'adminjs';
import { textOf } from '../../platform/define.ts';
import { parsePanelDate, parsePanelTime } from '../../platform/resource.ts';
import { refusal } from '../../platform/prisma-errors.ts';
import { parisDate } from '../../../server/platform/format.ts';

type Row = Record<string, unknown>;

const REQUIRED = 'Ce champ est obligatoire.';
const DEADLINE_MESSAGE = "La date limite d'inscription doit précéder la date de la sortie.";
const TIMES_MESSAGE = "L'heure de fin doit être après l'heure de début.";

const DAY = 86_400_000;

/** An end at 00:00 is midnight, the end of the visit's day (« Nuit Blanche », 20:00–00:00). */
function endInstant(end: Date): Date {
  return end.getTime() === 0 ? new Date(DAY) : end;
}

/** A value as the cross-checks compare it: times and dates as instants, the rest as text. */
function comparable(key: string, value: unknown): unknown {
  if (value === undefined || value === null || value === '') return null;
  const parsed =
    key === 'startTime' || key === 'endTime'
      ? parsePanelTime(value instanceof Date ? value : textOf(value))
      : key === 'date'
        ? parsePanelDate(value)
        : new Date(value as string);
  return parsed instanceof Date && !Number.isNaN(parsed.getTime()) ? parsed.getTime() : textOf(value);
}

/**
 * Required fields, deadline before the visit date, end after start (both errors at once).
 * The cross-checks came after the original's data (records such as « Nuit Blanche 2017 » break
 * them): on edit they run only when one of their fields changes, so that staff can still fix
 * a typo in the title (docs/admin.md, Resources).
 */
export function visitProblems(payload: Row, creating: boolean, stored: Row = {}): Record<string, { message: string }> {
  const errors: Record<string, { message: string }> = {};
  const present = (key: string) =>
    payload[key] !== undefined && payload[key] !== null && (payload[key] instanceof Date || textOf(payload[key]).trim() !== '');
  const touched = (...keys: string[]) => creating || keys.some((key) => comparable(key, payload[key]) !== comparable(key, stored[key]));
  for (const key of ['title', 'date', 'startTime', 'endTime', 'deadline']) {
    if ((creating || key in payload) && !present(key)) errors[key] = { message: REQUIRED };
  }
  if (present('startTime') && present('endTime') && touched('startTime', 'endTime')) {
    const start = parsePanelTime(String(payload.startTime));
    const end = parsePanelTime(String(payload.endTime));
    if (!(start instanceof Date) || !(end instanceof Date)) {
      errors.startTime = { message: 'Saisissez une heure valide (hh:mm).' };
    } else if (endInstant(end) <= start) {
      errors.startTime = { message: TIMES_MESSAGE };
      errors.endTime = { message: TIMES_MESSAGE };
    }
  }
  if (present('deadline') && present('date') && touched('deadline', 'date')) {
    const deadline = new Date(String(payload.deadline));
    const date = payload.date instanceof Date ? payload.date.toISOString().slice(0, 10) : String(payload.date).slice(0, 10);
    if (Number.isNaN(deadline.getTime())) errors.deadline = { message: 'Saisissez une date et une heure valides.' };
    else if (!(parisDate(deadline) < date)) errors.deadline = { message: DEADLINE_MESSAGE };
  }
  return errors;
}

export function validateVisit(request: ActionRequest, context: ActionContext): ActionRequest {
  if (request.method !== 'post' || !request.payload) return request;
  const creating = context.action.name === 'new';
  // On edit, the unchanged values come from the stored record.
  const stored = creating ? {} : (context.record?.params ?? {});
  const errors = visitProblems({ ...stored, ...request.payload }, creating, stored);
  if (Object.keys(errors).length) throw refusal(errors);
  return request;
}
