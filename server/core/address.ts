// Address rows (core_address) to the API's Address shape (docs/api.md#object-shapes), shared by places,
// registrations, students and schools.
import type { Prisma } from '@prisma/client';
import { formatCountry } from '../platform/format.ts';
import { z } from '../platform/zod.ts';

export const CountryJson = z
  .object({ code: z.string().length(2), name: z.string() })
  .openapi('Country', { example: { code: 'FR', name: 'France' } });

export const addressExample = {
  line1: 'Avenue Franklin Delano Roosevelt',
  line2: '',
  post_code: '75008',
  city: 'Paris',
  country: { code: 'FR', name: 'France' },
};

export const AddressJson = z
  .object({ line1: z.string(), line2: z.string(), post_code: z.string(), city: z.string(), country: CountryJson })
  .openapi('Address', { example: addressExample });
export type AddressJson = z.infer<typeof AddressJson>;

export const addressSelect = { line1: true, line2: true, postCode: true, city: true, country: true } satisfies Prisma.AddressSelect;
export type AddressRow = Prisma.AddressGetPayload<{ select: typeof addressSelect }>;

export function toAddressJson(row: AddressRow): AddressJson;
export function toAddressJson(row: AddressRow | null): AddressJson | null;
export function toAddressJson(row: AddressRow | null): AddressJson | null {
  if (!row) return null;
  return { line1: row.line1, line2: row.line2, post_code: row.postCode, city: row.city, country: formatCountry(row.country) };
}
