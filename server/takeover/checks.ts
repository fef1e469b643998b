// Step 2 of the takeover: the data checks of docs/decisions.md#taking-over-the-django-database. Each check reads the database and
// returns a finding: nothing to do, a fix the takeover applies (fixes.ts), or a blocking
// problem that needs a person's decision, with the rows concerned.
import type { Queryable } from './sql.ts';
import * as fixes from './fixes.ts';
import { checkColumnLengths } from './lengths.ts';
import { ANONYMOUS_USER_EMAIL } from '../users/service.ts';

export type FindingStatus = 'ok' | 'fix' | 'blocking';

export interface Finding {
  title: string;
  status: FindingStatus;
  /** One line per row or group of rows concerned. */
  details: string[];
  fix?: (client: Queryable) => Promise<void>;
}

export type Progress = (message: string) => void;

export async function emailCaseDuplicates(client: Queryable): Promise<Finding> {
  const { rows } = await client.query<{ accounts: string }>(
    `SELECT string_agg(format('id %s "%s"%s%s', id, email, CASE WHEN is_active THEN '' ELSE ' (inactive)' END,
                              CASE WHEN last_login IS NULL THEN '' ELSE ' last login ' || last_login::date END),
                       ', ' ORDER BY id) AS accounts
       FROM users_user GROUP BY lower(email) HAVING count(*) > 1 ORDER BY min(id)`,
  );
  return {
    title: 'Emails equal but for case (two accounts for one person?)',
    status: rows.length > 0 ? 'blocking' : 'ok',
    details: rows.map((row) => `${row.accounts}: merge or rename these accounts in the Django admin, then run again`),
  };
}

const USER_REFERENCES = [
  ['profiles_student', 'user_id'],
  ['profiles_tutor', 'user_id'],
  ['visits_participation', 'user_id'],
  ['users_user_groups', 'user_id'],
  ['users_user_user_permissions', 'user_id'],
  ['django_admin_log', 'user_id'],
] as const;

export async function anonymousUser(client: Queryable, legacyTables: string[]): Promise<Finding> {
  const title = `The "${ANONYMOUS_USER_EMAIL}" row of django-guardian`;
  const { rows } = await client.query<{ id: number }>(`SELECT id FROM users_user WHERE email = $1`, [ANONYMOUS_USER_EMAIL]);
  const id = rows[0]?.id;
  if (id === undefined) return { title, status: 'ok', details: [] };
  const owned: string[] = [];
  for (const [table, column] of USER_REFERENCES) {
    const count = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE ${column} = $1`, [id]);
    if (count.rows[0]!.n > 0) owned.push(`${count.rows[0]!.n} row(s) of ${table}`);
  }
  if (owned.length > 0) {
    return { title, status: 'blocking', details: [`user id ${id} owns ${owned.join(', ')}: check these rows, they should not exist`] };
  }
  return {
    title,
    status: 'fix',
    details: [`delete user id ${id} (it owns nothing; its legacy token and guardian permissions go with it)`],
    fix: (tx) => fixes.deleteUser(tx, id, legacyTables),
  };
}

export async function duplicateOrganizers(client: Queryable): Promise<Finding> {
  const { rows } = await client.query<{ tutor_id: number; visit_id: number; ids: number[] }>(
    `SELECT tutor_id, visit_id, array_agg(id ORDER BY id) AS ids FROM visits_visitorganizer
      GROUP BY tutor_id, visit_id HAVING count(*) > 1 ORDER BY min(id)`,
  );
  return {
    title: 'Duplicate visit organizers (visits_visitorganizer)',
    status: rows.length > 0 ? 'fix' : 'ok',
    details: rows.map((r) => `tutor ${r.tutor_id} on visit ${r.visit_id}: keep row ${r.ids[0]}, delete rows ${r.ids.slice(1).join(', ')}`),
    fix: fixes.deduplicateOrganizers,
  };
}

export async function duplicateMemberships(client: Queryable): Promise<Finding> {
  const { rows } = await client.query<{ tutor_id: number; group_id: number; ids: number[]; leader: boolean }>(
    `SELECT tutor_id, tutoring_group_id AS group_id, array_agg(id ORDER BY id) AS ids, bool_or(is_leader) AS leader
       FROM tutoring_tutortutoringgroup GROUP BY tutor_id, tutoring_group_id HAVING count(*) > 1 ORDER BY min(id)`,
  );
  return {
    title: 'Duplicate tutoring group memberships (tutoring_tutortutoringgroup)',
    status: rows.length > 0 ? 'fix' : 'ok',
    details: rows.map(
      (r) =>
        `tutor ${r.tutor_id} in group ${r.group_id}: keep row ${r.ids[0]}${r.leader ? ' as leader' : ''}, delete rows ${r.ids.slice(1).join(', ')}`,
    ),
    fix: fixes.deduplicateMemberships,
  };
}

export async function lowerCaseUaiCodes(client: Queryable): Promise<Finding> {
  const title = 'UAI codes with a lower-case letter';
  const { rows } = await client.query<{ code: string; taken: boolean }>(
    `SELECT s.uai_code AS code,
            EXISTS (SELECT 1 FROM tutoring_school o WHERE o.uai_code = upper(s.uai_code)) AS taken
       FROM tutoring_school s WHERE s.uai_code <> upper(s.uai_code) ORDER BY s.uai_code`,
  );
  if (rows.length === 0) return { title, status: 'ok', details: [] };
  const collisions = rows.filter((row) => row.taken);
  if (collisions.length > 0) {
    return {
      title,
      status: 'blocking',
      details: collisions.map((r) => `school "${r.code}" and school "${r.code.toUpperCase()}" both exist: merge them first`),
    };
  }
  const details = rows.map((r) => `school "${r.code}" becomes "${r.code.toUpperCase()}"`);
  for (const table of fixes.SCHOOL_REFERENCES) {
    const count = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE school_id <> upper(school_id)`);
    if (count.rows[0]!.n > 0) details.push(`${count.rows[0]!.n} row(s) of ${table}.school_id follow`);
  }
  return { title, status: 'fix', details, fix: fixes.upperCaseUaiCodes };
}

export async function storedFiles(client: Queryable): Promise<Finding> {
  const { rows } = await client.query<{ n: number }>(
    `SELECT (count(NULLIF(image, '')) + count(NULLIF(fact_sheet, '')) + count(NULLIF(permission, '')))::int AS n
       FROM visits_visit`,
  );
  return {
    title: 'Uploaded files (visit images, fact sheets, permission forms)',
    status: 'ok',
    details: [`${rows[0]!.n} stored key(s) kept as they are: the files keep their place in the bucket or media folder`],
  };
}

/** Every check, in the order of the report. */
export async function runChecks(
  client: Queryable,
  tables: { kept: ReadonlySet<string>; legacy: string[] },
  progress: Progress,
): Promise<Finding[]> {
  const findings: Finding[] = [];
  const steps: [string, () => Promise<Finding>][] = [
    ['emails', () => emailCaseDuplicates(client)],
    ['AnonymousUser', () => anonymousUser(client, tables.legacy)],
    ['organizers', () => duplicateOrganizers(client)],
    ['memberships', () => duplicateMemberships(client)],
    ['UAI codes', () => lowerCaseUaiCodes(client)],
    ['column lengths', () => checkColumnLengths(client, progress, tables.kept)],
    ['files', () => storedFiles(client)],
  ];
  for (const [name, step] of steps) {
    progress(`checking ${name}…`);
    findings.push(await step());
  }
  return findings;
}
