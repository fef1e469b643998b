// The data fixes the takeover applies inside its transaction (docs/decisions.md#taking-over-the-django-database). Django's foreign
// keys are DEFERRABLE INITIALLY DEFERRED, so rows can be renamed here in any order; the
// service checks them all (SET CONSTRAINTS ALL IMMEDIATE) before the schema migration runs.
import type { Queryable } from './sql.ts';

/** Tables whose school_id references tutoring_school.uai_code. */
export const SCHOOL_REFERENCES = ['profiles_student', 'tutoring_tutoringgroup', 'register_registration'] as const;

/** Deletes a user that owns nothing, with its legacy API token and guardian permissions. */
export async function deleteUser(client: Queryable, id: number, legacyTables: string[]): Promise<void> {
  if (legacyTables.includes('authtoken_token')) await client.query(`DELETE FROM authtoken_token WHERE user_id = $1`, [id]);
  if (legacyTables.includes('guardian_userobjectpermission')) {
    await client.query(`DELETE FROM guardian_userobjectpermission WHERE user_id = $1`, [id]);
  }
  await client.query(`DELETE FROM users_user WHERE id = $1`, [id]);
}

/** Keeps the first row (lowest id) of each (tutor, visit). */
export async function deduplicateOrganizers(client: Queryable): Promise<void> {
  await client.query(
    `DELETE FROM visits_visitorganizer o
      USING (SELECT tutor_id, visit_id, min(id) AS keep FROM visits_visitorganizer
              GROUP BY tutor_id, visit_id HAVING count(*) > 1) d
      WHERE o.tutor_id = d.tutor_id AND o.visit_id = d.visit_id AND o.id <> d.keep`,
  );
}

/** Keeps the first row of each (tutor, group), leader if any of the duplicates was. */
export async function deduplicateMemberships(client: Queryable): Promise<void> {
  await client.query(
    `UPDATE tutoring_tutortutoringgroup t SET is_leader = true
       FROM (SELECT min(id) AS keep FROM tutoring_tutortutoringgroup
              GROUP BY tutor_id, tutoring_group_id HAVING count(*) > 1 AND bool_or(is_leader)) d
      WHERE t.id = d.keep AND NOT t.is_leader`,
  );
  await client.query(
    `DELETE FROM tutoring_tutortutoringgroup t
      USING (SELECT tutor_id, tutoring_group_id, min(id) AS keep FROM tutoring_tutortutoringgroup
              GROUP BY tutor_id, tutoring_group_id HAVING count(*) > 1) d
      WHERE t.tutor_id = d.tutor_id AND t.tutoring_group_id = d.tutoring_group_id AND t.id <> d.keep`,
  );
}

/** docs/api.md#schools: the UAI letter is upper case, in the primary key and in every reference. */
export async function upperCaseUaiCodes(client: Queryable): Promise<void> {
  await client.query(`UPDATE tutoring_school SET uai_code = upper(uai_code) WHERE uai_code <> upper(uai_code)`);
  for (const table of SCHOOL_REFERENCES) {
    await client.query(`UPDATE ${table} SET school_id = upper(school_id) WHERE school_id <> upper(school_id)`);
  }
}

/** A Django 2.0 database: auth_group.name as later Django versions (and this schema) have it. */
export async function widenGroupName(client: Queryable): Promise<void> {
  await client.query(`ALTER TABLE auth_group ALTER COLUMN name TYPE varchar(150)`);
}
