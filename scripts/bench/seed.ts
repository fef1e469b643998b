// The benchmark dataset (issue 3 item 8), written with set-based SQL (INSERT … SELECT
// generate_series): a few seconds for the whole set instead of minutes row by row.
// Deterministic, and built so that every ordering the API might choose for id lists
// (participation id, user id) gives the same result: the floor comparison stays exact.
import type pg from 'pg';

export interface SeedSize {
  students: number;
  tutors: number;
  schools: number;
  groups: number;
  places: number;
  visits: number;
  participantsPerVisit: number;
  organizersPerVisit: number;
  /** 100 groups × 100 sessions: the 10 000-row resource of the admin figure (issue 5 item 8). */
  sessionsPerGroup: number;
}

export const BENCH_SIZE: SeedSize = {
  students: 1700,
  tutors: 300,
  schools: 50,
  groups: 100,
  places: 40,
  visits: 200,
  participantsPerVisit: 30,
  organizersPerVisit: 2,
  sessionsPerGroup: 100,
};

/** The same shape, tiny: SQL per request must not change between the two (no N+1). */
export const SMALL_SIZE: SeedSize = {
  students: 40,
  tutors: 6,
  schools: 3,
  groups: 4,
  places: 3,
  visits: 8,
  participantsPerVisit: 5,
  organizersPerVisit: 2,
  sessionsPerGroup: 3,
};

export const BENCH_ADMIN_EMAIL = 'bench.admin@oser-cs.fr';
export const BENCH_PASSWORD = 'bench-pass-1234';

export interface SeedResult {
  adminId: number;
  /** Rows per table, as counted after seeding. */
  counts: Record<string, number>;
}

function check(size: SeedSize): void {
  for (const [name, value] of Object.entries(size)) {
    if (!Number.isInteger(value) || value < 1) throw new Error(`seed size ${name} must be a positive integer`);
  }
  if (size.participantsPerVisit > size.students) throw new Error('more participants per visit than students');
  if (size.organizersPerVisit > size.tutors) throw new Error('more organizers per visit than tutors');
}

/** The statements, in order; `$1` is the password hash shared by every account. */
export function seedStatements(size: SeedSize): string[] {
  check(size);
  const { students: S, tutors: T, schools: N, groups: G, places: L, visits: V } = size;
  const P = size.participantsPerVisit;
  const O = size.organizersPerVisit;
  const admin = S + T + 1;
  // Addresses: schools 1..N, places N+1..N+L, registrations N+L+s (students s).
  const placeAddress = N;
  const registrationAddress = N + L;
  // A stride coprime with S spreads each visit's participants without repeats.
  let stride = 53;
  while (gcd(stride, S) !== 1) stride += 1;
  return [
    `INSERT INTO core_address (id, line1, line2, post_code, city, country)
     SELECT i, i || ' rue de la République', CASE WHEN i % 3 = 0 THEN 'Bâtiment ' || (i % 7) ELSE '' END,
            lpad((75000 + i % 1000)::text, 5, '0'), 'Ville ' || (i % 97), CASE WHEN i % 25 = 0 THEN 'BE' ELSE 'FR' END
     FROM generate_series(1, ${registrationAddress + S}) AS i`,
    `INSERT INTO tutoring_school (uai_code, name, address_id)
     SELECT ${uai('i')}, 'Lycée ' || i || ' Jean Jaurès', i FROM generate_series(1, ${N}) AS i`,
    `INSERT INTO users_user (id, password, is_superuser, first_name, last_name, email, is_staff, is_active,
                             date_joined, date_of_birth, gender, phone_number)
     SELECT i, $1, i = ${admin}, 'Prénom' || i, 'Nom' || i,
            CASE WHEN i = ${admin} THEN '${BENCH_ADMIN_EMAIL}' ELSE 'user' || i || '@example.com' END,
            i > ${S}, i % 97 <> 0, timestamptz '2024-09-01 10:00:00+00' + i * interval '1 hour',
            CASE WHEN i <= ${S} THEN date '2008-01-01' + (i % 1000) END,
            CASE i % 3 WHEN 0 THEN 'F' WHEN 1 THEN 'M' END,
            CASE WHEN i % 2 = 0 THEN '06' || lpad(i::text, 8, '0') END
     FROM generate_series(1, ${admin}) AS i`,
    `INSERT INTO tutoring_tutoringgroup (id, name, school_id)
     SELECT g, 'Groupe ' || g, ${uai(`((g - 1) % ${N} + 1)`)} FROM generate_series(1, ${G}) AS g`,
    `INSERT INTO profiles_tutor (id, user_id, promotion)
     SELECT t, ${S} + t, 2019 + t % 5 FROM generate_series(1, ${T}) AS t`,
    `INSERT INTO tutoring_tutortutoringgroup (id, tutoring_group_id, tutor_id, is_leader)
     SELECT t, (t - 1) % ${G} + 1, t, t <= ${G} FROM generate_series(1, ${T}) AS t`,
    `INSERT INTO tutoring_tutoringsession (id, date, start_time, end_time, tutoring_group_id)
     SELECT row_number() OVER (ORDER BY g, k), date '2024-09-02' + k * 7 + g % 5, time '17:00', time '19:00', g
     FROM generate_series(1, ${G}) AS g, generate_series(0, ${size.sessionsPerGroup - 1}) AS k`,
    // Nine students in ten have a registration (address + emergency contact), one in ten not.
    `INSERT INTO register_emergencycontact (id, first_name, last_name, email, home_phone, mobile_phone)
     SELECT s, 'Parent' || s, 'Nom' || s, CASE WHEN s % 2 = 0 THEN 'parent' || s || '@example.com' END,
            CASE WHEN s % 3 = 0 THEN '01' || lpad(s::text, 8, '0') END, '07' || lpad(s::text, 8, '0')
     FROM generate_series(1, ${S}) AS s WHERE s % 10 <> 0`,
    `INSERT INTO register_registration (id, first_name, last_name, email, phone, date_of_birth, submitted,
                                        address_id, emergency_contact_id, validated, school_id, grade)
     SELECT s, 'Prénom' || s, 'Nom' || s, 'user' || s || '@example.com', '06' || lpad(s::text, 8, '0'),
            date '2008-01-01' + (s % 1000), timestamptz '2025-09-01 08:00:00.123456+00' + s * interval '1 minute',
            ${registrationAddress} + s, s, s % 4 = 0, ${uai(`((s - 1) % ${N} + 1)`)}, 'Seconde'
     FROM generate_series(1, ${S}) AS s WHERE s % 10 <> 0`,
    `INSERT INTO profiles_student (id, user_id, tutoring_group_id, school_id, registration_id)
     SELECT s, s, CASE WHEN s % 50 <> 0 THEN (s - 1) % ${G} + 1 END,
            ${uai(`(((s - 1) % ${G}) % ${N} + 1)`)}, CASE WHEN s % 10 <> 0 THEN s END
     FROM generate_series(1, ${S}) AS s`,
    `INSERT INTO visits_place (id, name, address_id, description)
     SELECT p, 'Musée ' || p, ${placeAddress} + p, 'Un lieu **remarquable** : ![plan](/media/places/plan-' || p || '.png)'
     FROM generate_series(1, ${L}) AS p`,
    // Dates every third day around today: past visits, closed and open registrations.
    `INSERT INTO visits_visit (id, title, summary, description, date, deadline, image, fact_sheet, place_id,
                               start_time, end_time, meeting, permission)
     SELECT v, 'Sortie ' || v, 'Une sortie à ne pas manquer (' || v || ')', 'Programme de la sortie ' || v,
            d, ((d - 2) + time '23:59') AT TIME ZONE 'Europe/Paris',
            CASE WHEN v % 4 <> 0 THEN 'visits/images/visit-' || v || '.jpg' END,
            CASE WHEN v % 2 = 0 THEN 'visits/fact_sheets/visit-' || v || '.pdf' END,
            CASE WHEN v % 10 <> 0 THEN (v - 1) % ${L} + 1 END,
            time '14:00', time '17:30', 'Devant l''entrée', NULL
     FROM generate_series(1, ${V}) AS v, LATERAL (SELECT current_date - ${Math.floor((V * 3) / 2)} + v * 3 AS d) AS day`,
    `INSERT INTO visits_participation (id, present, user_id, visit_id, accepted)
     SELECT row_number() OVER (ORDER BY v, u), CASE u % 3 WHEN 0 THEN true WHEN 1 THEN false END, u, v,
            CASE (u + v) % 3 WHEN 0 THEN true WHEN 1 THEN false END
     FROM generate_series(1, ${V}) AS v, generate_series(0, ${P - 1}) AS k,
          LATERAL (SELECT (v * 37 + k * ${stride}) % ${S} + 1 AS u) AS pick`,
    `INSERT INTO visits_visitorganizer (id, tutor_id, visit_id)
     SELECT row_number() OVER (ORDER BY v, t), t, v
     FROM generate_series(1, ${V}) AS v, generate_series(0, ${O - 1}) AS k,
          LATERAL (SELECT (v * ${O} + k) % ${T} + 1 AS t) AS pick`,
    `INSERT INTO core_document (id, title, slug, content)
     SELECT d, 'Document ' || d, 'document-' || d, '# Document ' || d || E'\n\nTexte.' FROM generate_series(1, 5) AS d`,
  ];
}

function uai(expression: string): string {
  return `lpad((750000 + ${expression})::text, 7, '0') || 'X'`;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

const SEQUENCES: [table: string, column: string][] = [
  ['core_address', 'id'],
  ['users_user', 'id'],
  ['tutoring_tutoringgroup', 'id'],
  ['profiles_tutor', 'id'],
  ['tutoring_tutortutoringgroup', 'id'],
  ['tutoring_tutoringsession', 'id'],
  ['register_emergencycontact', 'id'],
  ['register_registration', 'id'],
  ['profiles_student', 'id'],
  ['visits_place', 'id'],
  ['visits_visit', 'id'],
  ['visits_participation', 'id'],
  ['visits_visitorganizer', 'id'],
  ['core_document', 'id'],
];

/** Seeds an empty, migrated database in one transaction, then refreshes planner statistics. */
export async function seed(client: pg.ClientBase, size: SeedSize, passwordHash: string): Promise<SeedResult> {
  await client.query('BEGIN');
  try {
    for (const statement of seedStatements(size)) {
      await client.query(statement, statement.includes('$1') ? [passwordHash] : []);
    }
    // Explicit ids were inserted: move each sequence past them, so that later inserts work.
    for (const [table, column] of SEQUENCES) {
      await client.query(`SELECT setval(pg_get_serial_sequence('${table}', '${column}'), (SELECT max(${column}) FROM ${table}))`);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
  await client.query('ANALYZE');
  const counts: Record<string, number> = {};
  for (const [table] of [...SEQUENCES, ['tutoring_school', 'uai_code'] as const]) {
    const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`);
    counts[table] = Number(rows[0]!.n);
  }
  return { adminId: size.students + size.tutors + 1, counts };
}
