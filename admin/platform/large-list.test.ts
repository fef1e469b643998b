// The list call of a 10 000-row resource (issue 5 item 8): a page of 100 rows, the right total,
// and the same few SQL statements on the first and on a middle page. Its time is a figure of
// `npm run bench` (scripts/bench-admin.ts), not asserted here. Its pickers' search stays at 50 rows.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createAdminTestApp, createStaff, type AdminTestApp } from '../test/test-support.ts';
import { TEST_PASSWORD } from '../../server/test/actors.ts';
import { adminLogin } from '../../scripts/bench-admin.ts';

let t: AdminTestApp;
let server: http.Server;
let url: string;
beforeAll(async () => {
  t = await createAdminTestApp();
  const { prisma } = t.ctx.db;
  const school = await prisma.school.create({ data: { uaiCode: '0910715Y', name: 'Lycée' } });
  const groups = await Promise.all(
    Array.from({ length: 20 }, (_, i) => prisma.tutoringGroup.create({ data: { name: `Groupe ${i}`, schoolId: school.uaiCode } })),
  );
  await prisma.tutoringSession.createMany({
    data: Array.from({ length: 10_000 }, (_, i) => ({
      tutoringGroupId: groups[i % groups.length]!.id,
      date: new Date(Date.UTC(2020, 0, 1 + (i % 2000))),
    })),
  });
  server = http.createServer(t.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 300_000);
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await t.ctx.database.destroy();
});

async function listPage(cookie: string, page: number) {
  const before = t.ctx.db.queryCount();
  const response = await fetch(`${url}/api/resources/TutoringSession/actions/list?page=${page}`, { headers: { cookie } });
  const body = (await response.json()) as {
    meta: { total: number; page: number };
    records: { id: string; params: Record<string, unknown> }[];
  };
  return { status: response.status, body, statements: t.ctx.db.queryCount() - before };
}

it('pages 10 000 tutoring sessions 100 at a time with the same few SQL statements on every page', async () => {
  const admin = await createStaff(t.ctx, { isSuperuser: true });
  const cookie = await adminLogin(url, admin.email, TEST_PASSWORD);
  await listPage(cookie, 1); // warm-up: the first call also loads the session's permissions

  const first = await listPage(cookie, 1);
  const middle = await listPage(cookie, 50);
  for (const page of [first, middle]) {
    expect(page.status).toBe(200);
    expect(page.body.meta.total).toBe(10_000);
    expect(page.body.records).toHaveLength(100);
  }
  expect(middle.body.meta.page).toBe(50);
  expect(new Set([...first.body.records, ...middle.body.records].map((record) => record.id)).size).toBe(200);
  expect(first.statements).toBeGreaterThanOrEqual(2); // at least the count and the page
  expect(first.statements).toBeLessThanOrEqual(8);
  expect(middle.statements).toBe(first.statements);
});

it('the search of pickers stays bounded on a large table: 50 rows, typed query or not', async () => {
  const admin = await createStaff(t.ctx, { isSuperuser: true });
  const cookie = await adminLogin(url, admin.email, TEST_PASSWORD);
  for (const path of ['search', 'search/Groupe']) {
    const response = await fetch(`${url}/api/resources/TutoringSession/${path}`, { headers: { cookie } });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { records: unknown[] }).records).toHaveLength(50);
  }
});
