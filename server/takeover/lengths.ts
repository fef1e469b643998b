// Values longer than this server's columns allow, checked generically against the lengths
// of the Prisma datamodel (VarChar(n)). Today every column is as wide or wider than
// Django's, so this finds nothing unless the old database was altered by hand; it is the
// guard that makes the schema migration's type changes safe.
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../platform/paths.ts';
import type { Finding, Progress } from './checks.ts';
import { quoteIdent, type Queryable } from './sql.ts';

const DATAMODEL_FILE = path.join(projectRoot, 'server/generated/dmmf.json');

interface DatamodelField {
  name: string;
  dbName?: string | null;
  kind: string;
  isId: boolean;
  nativeType?: [string, string[]] | null;
}
interface DatamodelModel {
  dbName?: string | null;
  name: string;
  fields: DatamodelField[];
}

export interface LengthLimit {
  table: string;
  primaryKey: string;
  columns: { column: string; max: number }[];
}

/** Table → primary key and bounded text columns, from the generated datamodel. */
export function lengthLimits(datamodelFile = DATAMODEL_FILE): LengthLimit[] {
  const { models } = JSON.parse(fs.readFileSync(datamodelFile, 'utf8')) as { models: DatamodelModel[] };
  return models.flatMap((model) => {
    const columns = model.fields.flatMap((field) => {
      const [type, args] = field.nativeType ?? [];
      if (field.kind !== 'scalar' || (type !== 'VarChar' && type !== 'Char') || !args?.[0]) return [];
      return [{ column: field.dbName ?? field.name, max: Number(args[0]) }];
    });
    const id = model.fields.find((field) => field.isId);
    if (columns.length === 0 || !id) return [];
    return [{ table: model.dbName ?? model.name, primaryKey: id.dbName ?? id.name, columns }];
  });
}

export async function checkColumnLengths(
  client: Queryable,
  progress: Progress,
  /** The tables the old database has (later migrations create the others). */
  tables: ReadonlySet<string>,
  limits: LengthLimit[] = lengthLimits(),
): Promise<Finding> {
  const details: string[] = [];
  for (const limit of limits.filter((l) => tables.has(l.table))) {
    const count = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${quoteIdent(limit.table)}`);
    progress(`  ${limit.table}: ${count.rows[0]!.n} row(s)`);
    const lengths = limit.columns.map((c) => `char_length(${quoteIdent(c.column)}) AS ${quoteIdent(c.column)}`);
    const tooLong = limit.columns.map((c) => `char_length(${quoteIdent(c.column)}) > ${c.max}`);
    const { rows } = await client.query<Record<string, unknown>>(
      `SELECT ${quoteIdent(limit.primaryKey)} AS pk, ${lengths.join(', ')} FROM ${quoteIdent(limit.table)}
        WHERE ${tooLong.join(' OR ')} ORDER BY 1 LIMIT 50`,
    );
    for (const row of rows) {
      for (const { column, max } of limit.columns) {
        const length = row[column] as number | null;
        if (length !== null && length > max) {
          details.push(`${limit.table} ${limit.primaryKey} ${String(row.pk)}: ${column} has ${length} characters, at most ${max} fit`);
        }
      }
    }
  }
  return {
    title: 'Values longer than the new columns allow',
    status: details.length > 0 ? 'blocking' : 'ok',
    details: details.map((line) => `${line}: shorten it in the Django admin, then run again`),
  };
}
