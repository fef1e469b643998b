// A school's UAI code, checked before creation (docs/api.md#schools).
import { ValidationError, type ActionRequest } from 'adminjs';

const UAI_MESSAGE = "Le code UAI doit comporter 7 chiffres suivis d'une lettre.";

/** docs/api.md#schools: 7 digits and a letter, the letter upper-cased at creation. */
export function checkUai(request: ActionRequest): ActionRequest {
  if (request.method !== 'post' || !request.payload) return request;
  const code = String(request.payload.uaiCode ?? '').trim();
  if (!/^\d{7}[a-zA-Z]$/.test(code)) throw new ValidationError({ uaiCode: { message: UAI_MESSAGE } });
  return { ...request, payload: { ...request.payload, uaiCode: code.toUpperCase() } };
}
