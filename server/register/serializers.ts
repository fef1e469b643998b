// Registration rows to the API's JSON (docs/api.md#registrations); password and `validated` never shown.
import type { Prisma } from '@prisma/client';
import { addressSelect, toAddressJson } from '../core/address.ts';
import { formatDate, formatDateTime } from '../platform/format.ts';
import type { RegistrationJson } from './schemas.ts';

export const emergencyContactSelect = {
  firstName: true,
  lastName: true,
  email: true,
  homePhone: true,
  mobilePhone: true,
} satisfies Prisma.EmergencyContactSelect;
export type EmergencyContactRow = Prisma.EmergencyContactGetPayload<{ select: typeof emergencyContactSelect }>;

export function toEmergencyContactJson(row: EmergencyContactRow | null): RegistrationJson['emergency_contact'] {
  if (!row) return null;
  return { first_name: row.firstName, last_name: row.lastName, email: row.email, home_phone: row.homePhone, mobile_phone: row.mobilePhone };
}

export const registrationSelect = {
  id: true,
  email: true,
  firstName: true,
  lastName: true,
  dateOfBirth: true,
  phone: true,
  schoolId: true,
  grade: true,
  submitted: true,
  address: { select: addressSelect },
  emergencyContact: { select: emergencyContactSelect },
} satisfies Prisma.RegistrationSelect;
type RegistrationRow = Prisma.RegistrationGetPayload<{ select: typeof registrationSelect }>;

/** docs/decisions.md#data-model: newest first. */
export const registrationOrder = [{ submitted: 'desc' }, { id: 'desc' }] satisfies Prisma.RegistrationOrderByWithRelationInput[];

export function toRegistrationJson(row: RegistrationRow): RegistrationJson {
  return {
    id: row.id,
    email: row.email,
    first_name: row.firstName,
    last_name: row.lastName,
    date_of_birth: formatDate(row.dateOfBirth),
    phone: row.phone,
    school: row.schoolId,
    grade: row.grade,
    submitted: formatDateTime(row.submitted),
    address: toAddressJson(row.address),
    emergency_contact: toEmergencyContactJson(row.emergencyContact),
  };
}
