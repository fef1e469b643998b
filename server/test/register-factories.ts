// Sign-up bodies and schools for the registration tests.
import type { PrismaClient } from '@prisma/client';

let sequence = 0;

/** A complete, valid sign-up (docs/api.md#registrations example) with a fresh email. */
export function signUpBody(overrides: Record<string, unknown> = {}) {
  sequence += 1;
  return {
    email: `lyceen${sequence}-${process.pid}@Example.NET`,
    password: 'foo1234baz',
    first_name: 'Charles',
    last_name: 'Dumont',
    date_of_birth: '2002-03-04',
    phone: '0612345678',
    school: '0930965U',
    grade: 'Première S',
    address: {
      line1: '88 bis rue Jules Guesde',
      line2: '',
      post_code: '93100',
      city: 'Montreuil',
      country: { code: 'FR', name: 'France' },
    },
    emergency_contact: { first_name: 'Marie-Claude', last_name: 'Perret', email: null, home_phone: '+33312344556', mobile_phone: null },
    ...overrides,
  };
}

/** The schools the bodies refer to: an upper-case and a legacy lower-case UAI code. */
export async function createSchools(prisma: PrismaClient) {
  await prisma.school.create({ data: { uaiCode: '0930965U', name: 'Lycée Henri Matisse' } });
  await prisma.school.create({ data: { uaiCode: '0921399n', name: 'Lycée Joliot-Curie' } });
}
