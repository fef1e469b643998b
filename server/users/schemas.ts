// Contracts of the users resource and of the token endpoint (SPEC 3.3, 3.4, 3.5).
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

/** The user embedded everywhere (SPEC 3.4); personal fields are null for other callers (S2). */
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
