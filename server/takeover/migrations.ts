// The Django baseline among the project's migrations (read by platform/migrate.ts).

/** The migration whose schema is exactly what Django created: recorded, never executed. */
export const BASELINE_MIGRATION = '20180526100000_django_baseline';

export interface BaselineColumn {
  type: string;
  notNull: boolean;
}

export interface BaselineSchema {
  /** table → column → type as PostgreSQL's format_type() spells it. */
  tables: Map<string, Map<string, BaselineColumn>>;
  /** Constraint and index names the later migrations rely on (they drop some by name). */
  constraints: Set<string>;
  indexes: Set<string>;
}

/** Reads the kept tables of the baseline (a pg_dump-style script: one column per line). */
export function parseBaseline(sql: string): BaselineSchema {
  const tables = new Map<string, Map<string, BaselineColumn>>();
  for (const match of sql.matchAll(/^CREATE TABLE (\w+) \(\n([\s\S]*?)\n\);/gm)) {
    const columns = new Map<string, BaselineColumn>();
    for (const line of match[2]!.split('\n')) {
      const column = /^\s+(\w+) (.+?)( NOT NULL)?,?$/.exec(line);
      if (!column || column[1] === 'CONSTRAINT') continue;
      columns.set(column[1]!, { type: column[2]!, notNull: Boolean(column[3]) });
    }
    tables.set(match[1]!, columns);
  }
  const constraints = new Set([...sql.matchAll(/ADD CONSTRAINT (\w+)/g)].map((m) => m[1]!));
  for (const match of sql.matchAll(/CONSTRAINT (\w+) CHECK/g)) constraints.add(match[1]!);
  const indexes = new Set([...sql.matchAll(/CREATE (?:UNIQUE )?INDEX (\w+)/g)].map((m) => m[1]!));
  return { tables, constraints, indexes };
}
