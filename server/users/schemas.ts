// Contracts of the users resource and of the token endpoint (docs/api.md#authentication, #object-shapes, #users).
import { messages } from '../platform/errors.ts';
import { z } from '../platform/zod.ts';

const userExample = {
  id: 4,
  email: 'charles.dumont@example.net',
  profile_type: null,
  first_name: 'Charles',
  last_name: 'Dumont',
  gender: null,
  phone_number: '0612345678',
  date_of_birth: '2002-03-04',
  url: 'http://localhost:8000/api/users/4/',
};

/** The user embedded everywhere (docs/api.md#object-shapes); personal fields are null for other callers (S2). */
export const UserSummaryJson = z
  .object({
    id: z.number().int(),
    email: z.string(),
    profile_type: z.enum(['0', '1']).nullable(),
    first_name: z.string(),
    last_name: z.string(),
    gender: z.enum(['M', 'F']).nullable(),
    phone_number: z.string().nullable().openapi({ description: 'Null unless the caller is the user, staff or a tutor' }),
    date_of_birth: z.string().nullable().openapi({ description: 'YYYY-MM-DD; null unless the caller is the user, staff or a tutor' }),
    url: z.string().url(),
  })
  .openapi('UserSummary', { example: userExample });
export type UserSummaryJson = z.infer<typeof UserSummaryJson>;

export const userSummaryExample = userExample;

// ─── POST /api/auth/get-token/ ──────────────────────────────────────────────

/** docs/api.md#authentication: `username` holds the email; other fields are ignored (stripped). */
export const GetTokenBody = z
  .object({
    username: z.string().trim().min(1, messages.blank).max(254, messages.maxLength(254)),
    // Not trimmed, as DRF's AuthTokenSerializer; bounded so hashing cannot be abused.
    password: z.string().min(1, messages.blank).max(4096, messages.maxLength(4096)),
  })
  .openapi('GetTokenRequest', { example: { username: 'charles.dumont@example.net', password: 'mot-de-passe' } });
export type GetTokenBody = z.infer<typeof GetTokenBody>;

export const TokenJson = z
  .object({
    token: z.string().openapi({ description: 'JWT, à envoyer comme `Authorization: Token <jeton>`' }),
    user: UserSummaryJson,
  })
  .openapi('Token', { example: { token: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.…', user: userExample } });

/** 400 of the token endpoint: per field, or `non_field_errors` for wrong credentials. */
export const GetTokenErrorsJson = z
  .object({ username: z.array(z.string()), password: z.array(z.string()), non_field_errors: z.array(z.string()) })
  .partial()
  .openapi('GetTokenErrors', {
    example: { non_field_errors: ["Impossible de se connecter avec les informations d'identification fournies."] },
  });
