// The list call of a 10 000-row resource (issue 5 item 8), measured with the script that
// `npm run bench` runs. The 300 ms target is asserted here too, on both databases.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createAdminTestApp, createStaff, type AdminTestApp } from './test-support.ts';
import { TEST_PASSWORD } from '../server/test/actors.ts';
import { measureAdminList } from '../scripts/bench-admin.ts';

let t: AdminTestApp;
let server: http.Server;
let url: string;
beforeAll(async () => {
  t = await createAdminTestApp();
  const { prisma } = t.ctx.db;
  const school = await prisma.school.create({ data: { uaiCode: '0910715Y', name: 'Lycée' } });
  const groups = await Promise.all(Array.from({ length: 20 }, (_, i) => prisma.tutoringGroup.create({ data: { name: `Groupe ${i}`, schoolId: school.uaiCode } })));
  await prisma.tutoringSession.createMany({
    data: Array.from({ length: 10_000 }, (_, i) => ({ tutoringGroupId: groups[i % groups.length]!.id, date: new Date(Date.UTC(2020, 0, 1 + (i % 2000))) })),
  });
  server = http.createServer(t.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 300_000);
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await t.ctx.database.destroy();
});

// Timing on a shared, loaded machine (other test files run beside it): retried before failing.
it('answers the list of 10 000 tutoring sessions in under 300 ms', { retry: 2 }, async () => {
  const admin = await createStaff(t.ctx, { isSuperuser: true });
  const figure = await measureAdminList({ url, email: admin.email, password: TEST_PASSWORD });
  console.log(`${figure.label}: ${figure.ms.toFixed(0)} ms`);
  expect(figure.label).toContain('10000 rows');
  expect(figure.ms).toBeLessThan(300);
});
