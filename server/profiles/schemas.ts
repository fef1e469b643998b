// Contracts of the tutors and students resources (docs/api.md#tutors, #students). Neither shape has an
// `id` field: the id is only inside `url`, as in the original.
import { AddressJson } from '../core/address.ts';
import { EmergencyContactJson } from '../register/schemas.ts';
import { z } from '../platform/zod.ts';
import { UserSummaryJson, userSummaryExample } from '../users/schemas.ts';

export const TutorJson = z
  .object({
    user: UserSummaryJson.nullable(),
    promotion: z.number().int(),
    tutoring_groups: z.array(z.number().int()).openapi({ description: 'Ids des groupes de tutorat, par id' }),
    url: z.string().url(),
  })
  .openapi('Tutor', {
    example: {
      user: { ...userSummaryExample, id: 3, email: 'john.doe@example.com' },
      promotion: 2020,
      tutoring_groups: [1],
      url: 'http://localhost:8000/api/tutors/1/',
    },
  });
export type TutorJson = z.infer<typeof TutorJson>;

export const StudentRegistrationJson = z
  .object({
    id: z.number().int(),
    submitted: z.string().openapi({ description: 'Date-heure ISO 8601, Europe/Paris' }),
    validated: z.boolean(),
  })
  .openapi('StudentRegistration');

const personal = 'Null sauf pour le lycéen lui-même, l’équipe et les tuteurs';

export const StudentJson = z
  .object({
    user_id: z.number().int().nullable(),
    user: UserSummaryJson.nullable(),
    address: AddressJson.nullable().openapi({ description: `Adresse du dossier d'inscription. ${personal}` }),
    tutoring_group: z.number().int().nullable(),
    school: z.string().nullable().openapi({ description: 'Code UAI du lycée' }),
    emergency_contact: EmergencyContactJson.nullable().openapi({ description: `Contact d'urgence du dossier. ${personal}` }),
    registration: StudentRegistrationJson.nullable().openapi({ description: personal }),
    visits: z.array(z.number().int()).openapi({ description: 'Ids des sorties où le lycéen est inscrit, par date' }),
    url: z.string().url(),
  })
  .openapi('Student', {
    example: {
      user_id: 4,
      user: userSummaryExample,
      address: {
        line1: '88 bis rue Jules Guesde',
        line2: '',
        post_code: '93100',
        city: 'Montreuil',
        country: { code: 'FR', name: 'France' },
      },
      tutoring_group: 1,
      school: '0930965U',
      emergency_contact: { first_name: 'Marie-Claude', last_name: 'Perret', email: null, home_phone: '+33312344556', mobile_phone: null },
      registration: { id: 3, submitted: '2018-05-05T14:15:10.998206+02:00', validated: false },
      visits: [1],
      url: 'http://localhost:8000/api/students/2/',
    },
  });
export type StudentJson = z.infer<typeof StudentJson>;

/** docs/api.md#students, docs/decisions.md#bug-fixes, B14: a student without group answers `{"name": ""}`, kept for compatibility. */
export const NoTutoringGroupJson = z.object({ name: z.literal('') }).openapi('NoTutoringGroup');
