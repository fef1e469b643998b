// The one thing the takeover needs from a connection: run a statement. A pg.Client in a
// transaction in practice; the type keeps the steps independent of how it was opened.
import type pg from 'pg';

export type Queryable = Pick<pg.ClientBase, 'query'>;

/** Double-quotes an identifier read from the catalog or the Prisma datamodel. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
