// What the panel's forms show without letting it be changed is not written by a save either,
// whatever the request carries (a crafted POST to the admin API): Django's ModelForm saved the
// fields of its form only. Read-only are the fields shown disabled (`isDisabled`: a user's dates,
// a document's slug, a registration's sending date) and the record's key (its id; a school's UAI
// code, which is entered at creation: CREATE_ONLY). Hooks of the resource that set such a field
// themselves (the slug made at creation) run after this one (admin/platform/build.ts).
import type { ActionContext, ActionRequest } from 'adminjs';
import { CREATE_ONLY, type ResourceDef } from './define.ts';

/** The before-hook of `new` (creating) or `edit` that drops the read-only fields from the payload. */
export function dropReadOnly(def: ResourceDef, creating: boolean) {
  const declared = Object.entries(def.properties);
  const disabled = declared.filter(([, property]) => property.isDisabled).map(([key]) => key);
  const createOnly = declared.filter(([, property]) => property.components?.edit === CREATE_ONLY.components.edit).map(([key]) => key);
  return (request: ActionRequest, context: ActionContext): ActionRequest => {
    if (request.method !== 'post' || !request.payload) return request;
    const keys = context.resource
      .properties()
      .filter((property) => property.isId())
      .map((property) => property.path());
    const readOnly = new Set([...disabled, ...(creating ? keys.filter((key) => !createOnly.includes(key)) : [...keys, ...createOnly])]);
    // The payload is flattened: `dateJoined`, or `groupIds.0` for the items of an array.
    const payload = Object.fromEntries(Object.entries(request.payload).filter(([key]) => !readOnly.has(key.split('.')[0]!)));
    return { ...request, payload };
  };
}
