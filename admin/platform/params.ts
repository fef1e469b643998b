// Reading AdminJS payloads, which arrive flattened (`groupIds.0`, `groupIds.1`, …), and the
// records AdminJS hands to after-hooks, which its types leave untyped.
import { flat, type ActionResponse, type RecordJSON } from 'adminjs';

type Params = Record<string, unknown>;

/** `flat.unflatten` with its type: AdminJS types it through the `flat` package, whose types are not installed. */
export const unflatten = flat.unflatten as (params: Params) => Params;

/** The record an action responded with (new, edit, show…), if any. */
export function responseRecord(response: ActionResponse): RecordJSON | undefined {
  return response.record as RecordJSON | undefined;
}

/** Whether the action saved its record without field errors. */
export function savedWithoutErrors(response: ActionResponse): boolean {
  return !Object.keys(responseRecord(response)?.errors ?? {}).length;
}

/** The numbers of an array field of the payload; undefined when the form did not send it. */
export function arrayParam(payload: Params, field: string): number[] | undefined {
  const unflat = unflatten(payload);
  if (!(field in unflat) && !Object.keys(payload).some((key) => key === field || key.startsWith(`${field}.`))) return undefined;
  const value = unflat[field];
  const list = Array.isArray(value) ? value : value === '' || value == null ? [] : [value];
  return list.map(Number).filter((id) => Number.isInteger(id));
}
