// The account section of the user's form (docs/admin.md#resources): the email, checked as the
// API checks it and stored trimmed and lower-cased; the password, set through a dedicated field
// hashed before saving (the hash never leaves the server), whose change ends the user's legacy
// tokens and other panel sessions.
import type { ActionRequest, ActionResponse, ActionContext } from 'adminjs';
import type { PrismaClient } from '@prisma/client';
import { revokeLegacyTokens } from '../../../server/platform/auth.ts';
import { hashPassword, passwordProblems } from '../../../server/users/passwords.ts';
import { endOtherAdminSessions, normalizeEmail } from '../../../server/users/service.ts';
import type { AdminUser } from '../../platform/permissions.ts';
import { responseRecord, savedWithoutErrors } from '../../platform/params.ts';
import { refusal } from '../../platform/prisma-errors.ts';
import { email } from '../../../server/platform/validate.ts';

const PASSWORD_MISMATCH = 'Les deux mots de passe ne correspondent pas.';

/**
 * Before new/edit: the email is required and must be an address (the column would take
 * anything, even ""); `newPassword` is checked and hashed, and required by the create form.
 * Every problem of the section is reported at once.
 */
export async function checkAccount(request: ActionRequest, context: ActionContext): Promise<ActionRequest> {
  if (request.method !== 'post' || !request.payload) return request;
  // A `password` of the request itself is dropped: the hash is only ever made here.
  const { newPassword, newPasswordConfirmation, password: _sent, ...payload } = request.payload as Record<string, string>;
  const creating = context.action.name === 'new';
  const errors: Record<string, { message: string }> = {};
  if (creating || 'email' in payload) {
    const checked = email().safeParse(payload.email ?? '');
    if (!checked.success) errors.email = { message: checked.error.issues[0]!.message };
  }
  if (creating && !newPassword) errors.newPassword = { message: 'Ce champ est obligatoire.' };
  if (newPassword) {
    const problems = passwordProblems(newPassword, [payload.email ?? '', payload.firstName ?? '', payload.lastName ?? '']);
    if (problems.length) errors.newPassword = { message: problems.join(' ') };
    if (newPassword !== newPasswordConfirmation) errors.newPasswordConfirmation = { message: PASSWORD_MISMATCH };
  }
  if (Object.keys(errors).length) throw refusal(errors);
  if (payload.email) payload.email = normalizeEmail(payload.email);
  if (newPassword) payload.password = await hashPassword(newPassword);
  return { ...request, payload };
}

/**
 * After edit: a new password or a deactivation ends the user's legacy API tokens, as their JWTs;
 * a new password ends their other panel sessions too.
 */
export function revokeLegacyTokensOnChange(prisma: PrismaClient) {
  return async (response: ActionResponse, request: ActionRequest, context: ActionContext): Promise<ActionResponse> => {
    const params = responseRecord(response)?.params;
    if (request.method !== 'post' || !params?.id || !savedWithoutErrors(response)) return response;
    // checkAccount has replaced `newPassword` by the hash in `password`.
    const passwordChanged = Boolean(request.payload?.password);
    if (passwordChanged || params.isActive === false || params.isActive === 'false') await revokeLegacyTokens(prisma, Number(params.id));
    if (passwordChanged) {
      // The editor's own session survives a change of their own password.
      const editor = context.currentAdmin as AdminUser | undefined;
      await endOtherAdminSessions(prisma, Number(params.id), editor?.id === Number(params.id) ? editor.sessionId : undefined);
    }
    return response;
  };
}

/** After new/edit: the hash the form's record still carries is not sent back. */
export function dropPasswordHash(response: ActionResponse): ActionResponse {
  const record = responseRecord(response);
  if (record?.params) delete record.params.password;
  return response;
}
