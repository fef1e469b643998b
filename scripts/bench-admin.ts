// Issue 5 item 8: the admin panel's list call on a 10 000-row resource (tutoring sessions of
// the benchmark dataset), called by `npm run bench`.
// Logs in like a browser, then times the list API call of the first and of a middle page.

const RESOURCE = 'TutoringSession';
const RUNS = 7;

/** Logs in to the panel like its login form; resolves the session cookie (`name=value`). */
export async function adminLogin(url: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password }),
  });
  const cookie = response.headers.get('set-cookie');
  if (response.status !== 302 || !cookie) throw new Error(`admin login failed (${response.status})`);
  return cookie.split(';')[0]!;
}

async function timed(url: string, cookie: string): Promise<{ ms: number; total: number }> {
  const started = performance.now();
  const response = await fetch(url, { headers: { cookie }, redirect: 'manual' });
  const body = (await response.json()) as { meta?: { total: number }; records?: unknown[] };
  const ms = performance.now() - started;
  if (response.status !== 200 || !body.records) throw new Error(`admin list answered ${response.status}`);
  return { ms, total: body.meta?.total ?? 0 };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function measureAdminList(options: { url: string; email: string; password: string }): Promise<{ label: string; ms: number }> {
  const cookie = await adminLogin(options.url, options.email, options.password);
  const list = `${options.url}/api/resources/${RESOURCE}/actions/list`;
  const first = await timed(list, cookie); // warm-up (and the row count)
  const middlePage = Math.max(1, Math.ceil(first.total / 100 / 2));
  const times: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    times.push((await timed(list, cookie)).ms);
    times.push((await timed(`${list}?page=${middlePage}`, cookie)).ms);
  }
  return {
    label: `GET /api/resources/${RESOURCE}/actions/list, ${first.total} rows, 100 per page, median of ${times.length}`,
    ms: median(times),
  };
}
