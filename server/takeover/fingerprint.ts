// What a database's schema looks like, read from the catalog: tables with their columns,
// constraints (foreign keys with their ON DELETE / ON UPDATE actions), indexes and
// sequences. Used to recognise a Django database and, in tests, to prove that a taken-over
// database ends up identical to one created by `prisma migrate deploy`.
import type { Queryable } from './sql.ts';

export interface ColumnInfo {
  type: string;
  notNull: boolean;
  default: string | null;
}

export interface TableInfo {
  columns: Record<string, ColumnInfo>;
  /** name → definition (pg_get_constraintdef). */
  constraints: Record<string, string>;
  /** name → definition (pg_get_indexdef, schema-qualified names removed). */
  indexes: Record<string, string>;
}

export interface SchemaFingerprint {
  tables: Record<string, TableInfo>;
  /** name → "type, owned by table.column". */
  sequences: Record<string, string>;
}

/** `schema`: the connection's current schema (where the takeover works) unless given. */
export async function readFingerprint(client: Queryable, schemaName?: string): Promise<SchemaFingerprint> {
  const schema = schemaName ?? (await client.query<{ name: string }>('SELECT current_schema() AS name')).rows[0]!.name;
  const tables: Record<string, TableInfo> = {};
  const table = (name: string) => (tables[name] ??= { columns: {}, constraints: {}, indexes: {} });

  const columns = await client.query<{ table: string; column: string; type: string; not_null: boolean; default: string | null }>(
    `SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
            a.attnotnull AS not_null, pg_get_expr(d.adbin, d.adrelid) AS default
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
       LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p')
      ORDER BY c.relname, a.attname`,
    [schema],
  );
  for (const row of columns.rows) {
    table(row.table).columns[row.column] = { type: row.type, notNull: row.not_null, default: row.default };
  }

  const constraints = await client.query<{ table: string; name: string; definition: string }>(
    `SELECT c.relname AS table, k.conname AS name, pg_get_constraintdef(k.oid) AS definition
       FROM pg_constraint k
       JOIN pg_class c ON c.oid = k.conrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1
      ORDER BY c.relname, k.conname`,
    [schema],
  );
  for (const row of constraints.rows) table(row.table).constraints[row.name] = row.definition;

  const indexes = await client.query<{ table: string; name: string; definition: string }>(
    `SELECT tablename AS table, indexname AS name, indexdef AS definition
       FROM pg_indexes WHERE schemaname = $1 ORDER BY tablename, indexname`,
    [schema],
  );
  for (const row of indexes.rows) {
    table(row.table).indexes[row.name] = row.definition.replaceAll(`${schema}.`, '');
  }

  const sequences = await client.query<{ name: string; type: string; owner: string | null }>(
    `SELECT s.relname AS name, format_type(q.seqtypid, NULL) AS type,
            t.relname || '.' || a.attname AS owner
       FROM pg_class s
       JOIN pg_namespace n ON n.oid = s.relnamespace
       JOIN pg_sequence q ON q.seqrelid = s.oid
       LEFT JOIN pg_depend d ON d.objid = s.oid AND d.deptype = 'a' AND d.classid = 'pg_class'::regclass
       LEFT JOIN pg_class t ON t.oid = d.refobjid
       LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
      WHERE n.nspname = $1 AND s.relkind = 'S'
      ORDER BY s.relname`,
    [schema],
  );
  const sequenceMap: Record<string, string> = {};
  for (const row of sequences.rows) sequenceMap[row.name] = `${row.type}, owned by ${row.owner ?? 'nothing'}`;

  return { tables, sequences: sequenceMap };
}
