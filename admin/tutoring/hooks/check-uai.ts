// A school's UAI code, checked before creation (docs/api.md#schools).
import type { ActionRequest } from 'adminjs';
import { refusal } from '../../platform/prisma-errors.ts';

const UAI_MESSAGE = "Le code UAI doit comporter 7 chiffres suivis d'une lettre.";

/** docs/api.md#schools: 7 digits and a letter, the letter upper-cased at creation. */
export function checkUai(request: ActionRequest): ActionRequest {
  if (request.method !== 'post' || !request.payload) return request;
  const code = String(request.payload.uaiCode ?? '').trim();
  if (!/^\d{7}[a-zA-Z]$/.test(code)) throw refusal({ uaiCode: { message: UAI_MESSAGE } });
  return { ...request, payload: { ...request.payload, uaiCode: code.toUpperCase() } };
}
