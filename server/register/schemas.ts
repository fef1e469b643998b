// Contracts of the registrations resource (docs/api.md#registrations, docs/decisions.md#security-fixes, S1, S12).
import type { PrismaClient } from '@prisma/client';
import { AddressJson, addressExample } from '../core/address.ts';
import { messages } from '../platform/errors.ts';
import { parseCountry } from '../platform/format.ts';
import { checkAsync, email, isoDate, optionalText, requirePresent, text } from '../platform/validate.ts';
import { z } from '../platform/zod.ts';
import { passwordProblems } from '../users/passwords.ts';
import { findUserIdByEmail } from '../users/service.ts';
import { findSchoolUaiCode } from '../tutoring/schools.ts';

export const duplicateEmailMessage = 'User with this email already exists'; // docs/api.md#registrations: English, as the original

export const EmergencyContactJson = z
  .object({
    first_name: z.string(),
    last_name: z.string(),
    email: z.string().nullable(),
    home_phone: z.string().nullable(),
    mobile_phone: z.string().nullable(),
  })
  .openapi('EmergencyContact');

const registrationExample = {
  id: 3,
  email: 'charles.dumont@example.net',
  first_name: 'Charles',
  last_name: 'Dumont',
  date_of_birth: '2002-03-04',
  phone: '0612345678',
  school: '0930965U',
  grade: 'Première S',
  submitted: '2018-05-05T14:15:10.998206+02:00',
  address: { ...addressExample, line1: '88 bis rue Jules Guesde', post_code: '93100', city: 'Montreuil' },
  emergency_contact: { first_name: 'Marie-Claude', last_name: 'Perret', email: null, home_phone: '+33312344556', mobile_phone: null },
};

export const RegistrationJson = z
  .object({
    id: z.number().int(),
    email: z.string(),
    first_name: z.string(),
    last_name: z.string(),
    date_of_birth: z.string().nullable(),
    phone: z.string().nullable(),
    school: z.string().nullable().openapi({ description: 'UAI code' }),
    grade: z.string().nullable(),
    submitted: z.string().openapi({ description: 'ISO 8601, Europe/Paris' }),
    address: AddressJson.nullable(),
    emergency_contact: EmergencyContactJson.nullable(),
  })
  .openapi('Registration', { example: registrationExample });
export type RegistrationJson = z.infer<typeof RegistrationJson>;

// ─── Request body ───────────────────────────────────────────────────────────

/** docs/api.md#conventions: alpha-2 in any case, alpha-3, numeric, English name or `{code}`; stored as alpha-2. */
const country = z
  .unknown()
  .superRefine((value, context) => {
    if (requirePresent(value, context) && parseCountry(value) === null) {
      const shown = typeof value === 'object' && value !== null && 'code' in value ? value.code : value;
      context.addIssue({
        code: 'custom',
        message: `« ${typeof shown === 'string' ? shown : JSON.stringify(shown)} » n'est pas un choix valide.`,
      });
    }
  })
  .transform((value) => parseCountry(value)!)
  .openapi({ type: 'string', description: 'ISO alpha-2 code (any case), alpha-3, numeric, English name or {"code": …}', example: 'FR' });

const AddressInput = z.object({
  line1: text(300),
  line2: optionalText(300).transform((value) => value ?? ''),
  post_code: text(20),
  city: text(100),
  country,
});

const EmergencyContactInput = z.object({
  first_name: text(50),
  last_name: text(50),
  email: z.union([z.literal(''), email()]).nullish(),
  home_phone: optionalText(50),
  mobile_phone: optionalText(50),
});

/** Password rules of the admin forms (docs/api.md#authentication, docs/decisions.md#security-fixes, S12); not trimmed, as at login. */
const password = z
  .string()
  .max(128, messages.maxLength(128))
  .refine((value) => value.trim().length > 0, messages.blank)
  .superRefine((value, context) => {
    if (value.trim().length === 0) return;
    for (const problem of passwordProblems(value)) context.addIssue({ code: 'custom', message: problem });
  })
  .openapi({ type: 'string', writeOnly: true, minLength: 8 });

/** The sign-up body; `email` and `school` are checked against the database (async). */
export function createRegistrationBody(prisma: PrismaClient) {
  return z
    .object({
      email: email().superRefine(async (value, context) => {
        // docs/api.md#authentication, docs/decisions.md#security-fixes, S14: compared case-insensitively with every existing account.
        const existing = await checkAsync(context, () => findUserIdByEmail(prisma, value));
        if (existing !== null && existing !== undefined) context.addIssue({ code: 'custom', message: duplicateEmailMessage });
      }),
      password,
      first_name: text(50),
      last_name: text(50),
      // An empty form field means "no date", as DRF reads HTML forms.
      date_of_birth: z.preprocess((value) => (value === '' ? null : value), isoDate().nullish()),
      phone: optionalText(30),
      // docs/decisions.md#reference-data: a number gets the unknown-key message too; docs/api.md#schools: matched case-insensitively.
      school: z
        .unknown()
        .transform(async (value, context) => {
          if (value === null || value === '') return null;
          if (typeof value !== 'string' && typeof value !== 'number') {
            context.addIssue({
              code: 'custom',
              message: `Type incorrect. Attendait une clé primaire, a reçu ${Array.isArray(value) ? 'list' : typeof value === 'object' ? 'dict' : typeof value}.`,
            });
            return null;
          }
          const code = String(value);
          const uaiCode = code.length <= 8 ? await checkAsync(context, () => findSchoolUaiCode(prisma, code)) : null;
          if (uaiCode === undefined) return null; // the lookup failed: parseOrThrowAsync throws its error
          if (!uaiCode) context.addIssue({ code: 'custom', message: messages.unknownPk(code) });
          return uaiCode;
        })
        // Outside the async transform: the OpenAPI generator probes optionality synchronously.
        .optional()
        .openapi({ type: ['string', 'null'], description: 'UAI code of an existing school' }),
      grade: optionalText(200),
      address: AddressInput.optional().openapi({ description: 'Omit it rather than sending null' }),
      emergency_contact: EmergencyContactInput.optional().openapi({ description: 'Omit it rather than sending null' }),
    })
    .openapi('CreateRegistration', {
      example: {
        email: 'charles.dumont@example.net',
        password: 'foo1234baz',
        first_name: 'Charles',
        last_name: 'Dumont',
        date_of_birth: '2002-03-04',
        phone: '0612345678',
        school: '0930965U',
        grade: 'Première S',
        address: { line1: '88 bis rue Jules Guesde', post_code: '93100', city: 'Montreuil', country: 'FR' },
        emergency_contact: { first_name: 'Marie-Claude', last_name: 'Perret', home_phone: '+33312344556' },
      },
    });
}
export type CreateRegistrationBody = z.infer<ReturnType<typeof createRegistrationBody>>;
