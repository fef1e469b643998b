// Shared by the admin tests: an app with the panel, and logged-in agents.
import request from 'supertest';
import type { Agent } from 'supertest';
import type { Express } from 'express';
import { afterAll, beforeAll } from 'vitest';
import { createApp } from '../../server/app.ts';
import { createTestContext, type TestContext } from '../../server/test/context.ts';
import { createUser, TEST_PASSWORD } from '../../server/test/actors.ts';
import { createAdminRouter } from '../index.ts';

export interface AdminTestApp {
  ctx: TestContext;
  app: Express;
}

export async function createAdminTestApp(overrides: Record<string, string> = {}): Promise<AdminTestApp> {
  const ctx = await createTestContext(overrides);
  const app = createApp(ctx, await createAdminRouter(ctx));
  return { ctx, app };
}

/** A supertest agent logged into the panel (cookies kept). */
export async function loginAgent(app: Express, email: string, password = TEST_PASSWORD) {
  const agent = request.agent(app);
  const response = await agent.post('/login').type('form').send({ email, password });
  if (response.status !== 302) throw new Error(`login failed for ${email}: ${response.status}`);
  return agent;
}

export async function createStaff(ctx: TestContext, flags: { isSuperuser?: boolean; isStaff?: boolean } = {}) {
  return createUser(ctx.db.prisma, { isStaff: true, ...flags });
}

/** Gives a user Django permissions such as `visits.change_visit`, through a new group. */
export async function grant(ctx: TestContext, userId: number, ...perms: string[]) {
  const { prisma } = ctx.db;
  const permissions = await prisma.permission.findMany({
    where: {
      OR: perms.map((perm) => {
        const [appLabel, codename] = perm.split('.');
        return { codename, contentType: { appLabel } };
      }),
    },
  });
  const group = await prisma.group.create({ data: { name: `g-${userId}-${Date.now()}-${Math.random()}` } });
  await prisma.groupPermission.createMany({ data: permissions.map((p) => ({ groupId: group.id, permissionId: p.id })) });
  await prisma.userGroup.create({ data: { userId, groupId: group.id } });
}

export interface SuperuserPanel extends AdminTestApp {
  /** A superuser's agent, logged into the panel. */
  agent: Agent;
}

/**
 * The setup of a file whose tests act as one superuser: the app with the panel and its logged-in
 * agent before the file's tests (filled in by then), its database dropped after them.
 */
export function useSuperuserPanel(overrides: Record<string, string> = {}): SuperuserPanel {
  const panel = {} as SuperuserPanel;
  beforeAll(async () => {
    Object.assign(panel, await createAdminTestApp(overrides));
    const admin = await createStaff(panel.ctx, { isSuperuser: true });
    panel.agent = await loginAgent(panel.app, admin.email);
  });
  afterAll(() => panel.ctx.database.destroy());
  return panel;
}
