// Reading AdminJS payloads, which arrive flattened (`groupIds.0`, `groupIds.1`, …).
import { flat } from 'adminjs';

/** The numbers of an array field of the payload; undefined when the form did not send it. */
export function arrayParam(payload: Record<string, unknown>, field: string): number[] | undefined {
  const unflat = flat.unflatten(payload) as Record<string, unknown>;
  if (!(field in unflat) && !Object.keys(payload).some((key) => key === field || key.startsWith(`${field}.`))) return undefined;
  const value = unflat[field];
  const list = Array.isArray(value) ? value : value === '' || value == null ? [] : [value];
  return list.map(Number).filter((id) => Number.isInteger(id));
}
