// Student sign-up (docs/api.md#registrations): address, emergency contact, registration, user and
// student profile are created in one transaction — nothing is kept if any step fails.
import { Prisma, type PrismaClient } from '@prisma/client';
import { ValidationError } from '../platform/errors.ts';
import { hashPassword } from '../users/passwords.ts';
import { normalizeEmail } from '../users/service.ts';
import { duplicateEmailMessage, type CreateRegistrationBody } from './schemas.ts';
import { registrationSelect } from './serializers.ts';

export async function registerStudent(prisma: PrismaClient, body: CreateRegistrationBody) {
  // Hashed before the transaction: argon2 is slow, and a transaction should not wait on it.
  const passwordHash = await hashPassword(body.password);
  try {
    return await prisma.$transaction(async (tx) => {
      const address = body.address
        ? await tx.address.create({
            data: {
              line1: body.address.line1,
              line2: body.address.line2,
              postCode: body.address.post_code,
              city: body.address.city,
              country: body.address.country,
            },
            select: { id: true },
          })
        : null;
      const contact = body.emergency_contact
        ? await tx.emergencyContact.create({
            data: {
              firstName: body.emergency_contact.first_name,
              lastName: body.emergency_contact.last_name,
              email: body.emergency_contact.email ?? null,
              homePhone: body.emergency_contact.home_phone ?? null,
              mobilePhone: body.emergency_contact.mobile_phone ?? null,
            },
            select: { id: true },
          })
        : null;
      const registration = await tx.registration.create({
        data: {
          email: body.email, // docs/api.md#registrations: the registration keeps the email as typed
          firstName: body.first_name,
          lastName: body.last_name,
          dateOfBirth: body.date_of_birth ?? null,
          phone: body.phone ?? null, // stored as sent, '' included, as the original
          schoolId: body.school ?? null,
          grade: body.grade ?? null,
          addressId: address?.id ?? null,
          emergencyContactId: contact?.id ?? null,
        },
        select: { id: true },
      });
      const user = await tx.user.create({
        data: {
          email: normalizeEmail(body.email),
          password: passwordHash,
          firstName: body.first_name,
          lastName: body.last_name,
          dateOfBirth: body.date_of_birth ?? null,
          phoneNumber: body.phone ?? null,
        },
        select: { id: true },
      });
      await tx.student.create({ data: { userId: user.id, schoolId: body.school ?? null, registrationId: registration.id } });
      return tx.registration.findUniqueOrThrow({ where: { id: registration.id }, select: registrationSelect });
    });
  } catch (error) {
    // A concurrent sign-up with the same email passed the check first.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw new ValidationError({ email: [duplicateEmailMessage] });
    }
    throw error;
  }
}
