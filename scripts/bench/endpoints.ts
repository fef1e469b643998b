// What the benchmark loads (issue 3 item 8): the staff's visit list and detail, the students
// list, and the registration form's school choices (called anonymously by that form).
import type pg from 'pg';

export interface EndpointSpec {
  label: string;
  /** Cycled through by the load generator; the middle one is used to count SQL. */
  paths: string[];
  headers: Record<string, string>;
}

export async function benchEndpoints(pool: pg.Pool, host: string, token: string): Promise<EndpointSpec[]> {
  const { rows } = await pool.query<{ id: number }>('SELECT id FROM visits_visit ORDER BY id');
  const auth = { authorization: `Token ${token}`, host };
  return [
    { label: 'GET /api/visits/', paths: ['/api/visits/'], headers: auth },
    { label: 'GET /api/visits/{id}/ (all ids)', paths: rows.map(({ id }) => `/api/visits/${id}/`), headers: auth },
    { label: 'GET /api/students/', paths: ['/api/students/'], headers: auth },
    { label: 'GET /api/schools/choices/ (anonymous)', paths: ['/api/schools/choices/'], headers: { host } },
  ];
}

export function middlePath(endpoint: EndpointSpec): string {
  return endpoint.paths[Math.floor(endpoint.paths.length / 2)]!;
}
