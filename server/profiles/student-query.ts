// Students with their user, registration (address, emergency contact) and visit ids, in one
// statement on the pool. This is the API's largest list (1 700 students in npm run bench):
// Prisma's nested select cost 44 ms of CPU per request and most of the server's memory under
// load, this flat join 7 ms. The rows keep the shape the serializer reads.
import type { AddressRow } from '../core/address.ts';
import type { Database } from '../platform/db.ts';
import type { EmergencyContactRow } from '../register/serializers.ts';
import type { UserSummaryRow } from '../users/serializers.ts';

export interface StudentRow {
  id: number;
  userId: number | null;
  tutoringGroupId: number | null;
  schoolId: string | null;
  user: UserSummaryRow | null;
  /** Ids of the visits of the student's user, by visit date then id (docs/api.md#object-shapes). */
  visitIds: number[];
  registration: {
    id: number;
    submitted: Date;
    validated: boolean;
    address: AddressRow | null;
    emergencyContact: EmergencyContactRow | null;
  } | null;
}

/** One row of the join; toStudentRow() gives it the serializer's shape. */
export interface FlatStudentRow {
  id: number;
  user_id: number | null;
  tutoring_group_id: number | null;
  school_id: string | null;
  email: string | null;
  profile_type: string | null;
  first_name: string | null;
  last_name: string | null;
  gender: string | null;
  phone_number: string | null;
  date_of_birth: Date | null;
  registration_id: number | null;
  submitted: Date | null;
  validated: boolean | null;
  address_id: number | null;
  line1: string | null;
  line2: string | null;
  post_code: string | null;
  city: string | null;
  country: string | null;
  contact_id: number | null;
  contact_first_name: string | null;
  contact_last_name: string | null;
  contact_email: string | null;
  home_phone: string | null;
  mobile_phone: string | null;
  visit_ids: number[];
}

const STUDENTS_SQL = `
  SELECT s.id, s.user_id, s.tutoring_group_id, s.school_id,
         u.email, u.profile_type, u.first_name, u.last_name, u.gender, u.phone_number, u.date_of_birth,
         r.id AS registration_id, r.submitted, r.validated,
         a.id AS address_id, a.line1, a.line2, a.post_code, a.city, a.country,
         e.id AS contact_id, e.first_name AS contact_first_name, e.last_name AS contact_last_name,
         e.email AS contact_email, e.home_phone, e.mobile_phone,
         coalesce(visits.ids, '[]') AS visit_ids
  FROM profiles_student s
  LEFT JOIN users_user u ON u.id = s.user_id
  LEFT JOIN register_registration r ON r.id = s.registration_id
  LEFT JOIN core_address a ON a.id = r.address_id
  LEFT JOIN register_emergencycontact e ON e.id = r.emergency_contact_id
  LEFT JOIN (SELECT pa.user_id, json_agg(pa.visit_id ORDER BY v.date, pa.visit_id) AS ids
             FROM visits_participation pa JOIN visits_visit v ON v.id = pa.visit_id
             WHERE pa.user_id IS NOT NULL %PARTICIPATIONS%
             GROUP BY pa.user_id) visits ON visits.user_id = s.user_id
  %WHERE%
  ORDER BY s.id`;

const ALL_STUDENTS_SQL = STUDENTS_SQL.replace('%PARTICIPATIONS%', '').replace('%WHERE%', '');
// One student: only its user's participations are aggregated.
const ONE_STUDENT_SQL = STUDENTS_SQL.replace(
  '%PARTICIPATIONS%',
  'AND pa.user_id = (SELECT user_id FROM profiles_student WHERE id = $1)',
).replace('%WHERE%', 'WHERE s.id = $1');

export function toStudentRow(flat: FlatStudentRow): StudentRow {
  return {
    id: flat.id,
    userId: flat.user_id,
    tutoringGroupId: flat.tutoring_group_id,
    schoolId: flat.school_id,
    user:
      flat.user_id === null
        ? null
        : {
            id: flat.user_id,
            email: flat.email!,
            profileType: flat.profile_type,
            firstName: flat.first_name!,
            lastName: flat.last_name!,
            gender: flat.gender,
            phoneNumber: flat.phone_number,
            dateOfBirth: flat.date_of_birth,
          },
    visitIds: flat.visit_ids,
    registration:
      flat.registration_id === null
        ? null
        : {
            id: flat.registration_id,
            submitted: flat.submitted!,
            validated: flat.validated!,
            address:
              flat.address_id === null
                ? null
                : { line1: flat.line1!, line2: flat.line2!, postCode: flat.post_code!, city: flat.city!, country: flat.country! },
            emergencyContact:
              flat.contact_id === null
                ? null
                : {
                    firstName: flat.contact_first_name!,
                    lastName: flat.contact_last_name!,
                    email: flat.contact_email,
                    homePhone: flat.home_phone,
                    mobilePhone: flat.mobile_phone,
                  },
          },
  };
}

/**
 * Every student, by id (the original had no defined order), as flat rows: a streamed list
 * shapes them one at a time (toStudentRow), never the whole list at once.
 */
export function findFlatStudentRows(db: Pick<Database, 'query'>): Promise<FlatStudentRow[]> {
  return db.query<FlatStudentRow>(ALL_STUDENTS_SQL);
}

export async function findStudentRow(db: Pick<Database, 'query'>, id: number): Promise<StudentRow | null> {
  const [flat] = await db.query<FlatStudentRow>(ONE_STUDENT_SQL, [id]);
  return flat ? toStudentRow(flat) : null;
}
