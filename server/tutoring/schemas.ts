// Contracts of schools, tutoring groups and tutoring sessions (docs/api.md#object-shapes, #schools).
import { AddressJson, addressExample } from '../core/address.ts';
import { z } from '../platform/zod.ts';

export const tutoringGroupExample = {
  id: 1,
  name: 'Henri Matisse (Seconde)',
  tutors: [1],
  students: [2],
  school: '0930965U',
  students_count: 1,
  tutors_count: 1,
  url: 'http://localhost:8000/api/groups/1/',
};

export const TutoringGroupJson = z
  .object({
    id: z.number().int(),
    name: z.string(),
    tutors: z.array(z.number().int()).openapi({ description: 'Ids des tuteurs, par id' }),
    students: z.array(z.number().int()).openapi({ description: 'Ids des lycéens, par id' }),
    school: z.string().nullable().openapi({ description: 'Code UAI du lycée' }),
    students_count: z.number().int(),
    tutors_count: z.number().int(),
    url: z.string().url(),
  })
  .openapi('TutoringGroup', { example: tutoringGroupExample });
export type TutoringGroupJson = z.infer<typeof TutoringGroupJson>;

export const SchoolJson = z
  .object({
    uai_code: z.string(),
    name: z.string(),
    address: AddressJson.nullable(),
    students: z.array(z.number().int()).openapi({ description: 'Ids des lycéens, par id' }),
    students_count: z.number().int(),
    url: z.string().url(),
  })
  .openapi('School', {
    example: {
      uai_code: '0930965U',
      name: 'Lycée Henri Matisse',
      address: addressExample,
      students: [2],
      students_count: 1,
      url: 'http://localhost:8000/api/schools/0930965U/',
    },
  });
export type SchoolJson = z.infer<typeof SchoolJson>;

export const SchoolChoiceJson = z
  .object({ uai_code: z.string(), name: z.string() })
  .openapi('SchoolChoice', { example: { uai_code: '0930965U', name: 'Lycée Henri Matisse' } });
export type SchoolChoiceJson = z.infer<typeof SchoolChoiceJson>;

export const TutoringSessionJson = z
  .object({
    id: z.number().int(),
    date: z.string().openapi({ description: 'YYYY-MM-DD' }),
    start_time: z.string().openapi({ description: 'HH:MM:SS' }),
    end_time: z.string().openapi({ description: 'HH:MM:SS' }),
    tutoring_group: z.string().url().openapi({ description: 'URL du groupe de tutorat' }),
    url: z.string().url(),
  })
  .openapi('TutoringSession', {
    example: {
      id: 1,
      date: '2018-05-30',
      start_time: '17:00:00',
      end_time: '19:00:00',
      tutoring_group: 'http://localhost:8000/api/groups/1/',
      url: 'http://localhost:8000/api/sessions/1/',
    },
  });
export type TutoringSessionJson = z.infer<typeof TutoringSessionJson>;

/** A UAI code in the path; anything that cannot be one is a 404 (docs/api.md#schools). */
export const UaiParam = z.object({ uai_code: z.string().regex(/^\d{7}[a-zA-Z]$/) });
