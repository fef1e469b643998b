// Test helpers of the takeover: the original's database dump, and a loader for plain pg_dump
// files that needs no psql (COPY blocks become parameterised INSERTs). Empty databases to load
// it into come from database.ts (createEmptyDatabase).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { readFingerprint } from '../takeover/fingerprint.ts';
import { withClient } from './database.ts';

/** Copy of shared/fixtures/original-oser.sql: a database made by the original Django code. */
export const FIXTURE_SQL = path.resolve(import.meta.dirname, '../takeover/fixtures/original-oser.sql');

export function readFixture(): string {
  return fs.readFileSync(FIXTURE_SQL, 'utf8');
}

const COPY_ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };

/** One field of COPY's text format (`\N` is null; backslash escapes). */
function decodeCopyField(field: string): string | null {
  if (field === '\\N') return null;
  return field.replace(/\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|.)/g, (_all, code: string) => {
    if (code.startsWith('x')) return String.fromCharCode(parseInt(code.slice(1), 16));
    if (/^[0-7]+$/.test(code)) return String.fromCharCode(parseInt(code, 8));
    return COPY_ESCAPES[code] ?? code;
  });
}

/** Loads a plain-format pg_dump (schema + data) into an empty database. */
export function loadDump(url: string, dump: string): Promise<void> {
  return withClient(url, async (client) => {
    let statements: string[] = [];
    const lines = dump.split('\n');
    for (let i = 0; i < lines.length; i += 1) {
      const line = lines[i]!;
      const copy = /^COPY (\S+) \((.*)\) FROM stdin;$/.exec(line);
      if (!copy) {
        if (!line.startsWith('\\')) statements.push(line);
        continue;
      }
      await client.query(statements.join('\n'));
      statements = [];
      const rows: (string | null)[][] = [];
      for (i += 1; lines[i] !== '\\.'; i += 1) rows.push(lines[i]!.split('\t').map(decodeCopyField));
      const width = copy[2]!.split(',').length;
      for (const row of rows) {
        const placeholders = row.map((_value, index) => `$${index + 1}`).join(', ');
        if (row.length !== width) throw new Error(`COPY ${copy[1]}: ${row.length} fields, ${width} expected`);
        await client.query(`INSERT INTO ${copy[1]} (${copy[2]}) VALUES (${placeholders})`, row);
      }
    }
    await client.query(statements.join('\n'));
    // The dump empties search_path; PGlite shares one session between all connections.
    await client.query('RESET search_path');
  });
}

/**
 * Everything a dump would show, read through SQL (PGlite has no pg_dump): the schema
 * fingerprint, every row of every table and every sequence's position.
 */
export function snapshot(url: string): Promise<string> {
  return withClient(url, async (client) => {
    const fingerprint = await readFingerprint(client);
    const data: Record<string, unknown> = {};
    for (const table of Object.keys(fingerprint.tables).sort()) {
      data[table] = (await client.query(`SELECT * FROM "${table}" ORDER BY 1`)).rows;
    }
    for (const sequence of Object.keys(fingerprint.sequences).sort()) {
      data[sequence] = (await client.query(`SELECT last_value, is_called FROM "${sequence}"`)).rows[0];
    }
    return JSON.stringify({ fingerprint, data });
  });
}

/** pg_dump of a database on the real server (the strongest "no byte changed" check). */
export function pgDump(url: string): string {
  const dump = execFileSync('pg_dump', ['--no-owner', url], { encoding: 'utf8' });
  // pg_dump 15.x adds a random \restrict key to every dump.
  return dump.replace(/^\\(un)?restrict .*$/gm, '');
}

/** The accounts of shared/fixtures/README.md: id, email as stored, password (null: unusable). */
export const FIXTURE_ACCOUNTS: { id: number; email: string; password: string | null; active: boolean }[] = [
  { id: 2, email: 'admin@oser-cs.fr', password: 'oser-pass-1234', active: true },
  { id: 3, email: 'staff@oser-cs.fr', password: 'oser-pass-1234', active: true },
  { id: 4, email: 'laure.leclerc@student.ecp.fr', password: 'oser-pass-1234', active: true },
  { id: 5, email: 'hugo.martin@student.ecp.fr', password: 'oser-pass-1234', active: true },
  { id: 6, email: 'Ines.Bernard@CentraleSupelec.FR', password: 'oser-pass-1234', active: true },
  { id: 7, email: 'paul.durand@student.ecp.fr', password: 'tutor-legacy-5678', active: true },
  { id: 8, email: 'charles.dumont@example.net', password: 'oser-pass-1234', active: true },
  { id: 9, email: 'Emma.Petit@example.org', password: 'oser-pass-1234', active: true },
  { id: 10, email: 'yanis.benali@example.net', password: 'oser-pass-1234', active: true },
  { id: 11, email: 'lea.nguyen@example.com', password: 'oser-pass-1234', active: true },
  { id: 12, email: 'mehdi.kaci@example.com', password: 'oser-pass-1234', active: true },
  { id: 13, email: 'ancien.eleve@example.com', password: 'oser-pass-1234', active: false },
  { id: 14, email: 'sans.motdepasse@example.com', password: null, active: true },
];
