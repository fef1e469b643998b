// The AdminJS internals admin/platform/adminjs-internals.ts relies on are still there: an upgrade of
// adminjs or @adminjs/* that changes one fails here, by name, before it fails in the panel.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Resource } from '@adminjs/prisma';
import { BaseRecord, Router } from 'adminjs';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../server/platform/paths.ts';
import {
  adapterInternals,
  clientModule,
  markBodyParsed,
  modelOf,
  resourceApiAction,
  sessionAdmin,
  WRITTEN_FOR,
} from './adminjs-internals.ts';

const readJson = (file: string) => JSON.parse(fs.readFileSync(path.join(projectRoot, file), 'utf8')) as Record<string, unknown>;

describe('AdminJS internals', () => {
  it('the installed versions are the ones the module was written for, pinned exactly', () => {
    const declared = readJson('package.json').dependencies as Record<string, string>;
    for (const [name, version] of Object.entries(WRITTEN_FOR)) {
      expect(readJson(`node_modules/${name}/package.json`).version, `${name} installed`).toBe(version);
      expect(declared[name], `${name} in package.json`).toBe(version);
    }
  });

  it("@adminjs/prisma's Resource keeps model, manager and propertiesObject", () => {
    const delegate = { findMany: () => Promise.resolve([]), count: () => Promise.resolve(0) };
    const resource = new Resource({ model: modelOf('Visit'), client: { visit: delegate }, clientModule } as never);
    const internals = adapterInternals(resource);
    expect(internals.manager).toBe(delegate);
    expect(internals.model.fields.map((field) => field.name)).toContain('deadline');
    expect(Object.keys(internals.propertiesObject)).toEqual(expect.arrayContaining(['id', 'title', 'deadline', 'place']));
  });

  it("a record's create and update hand the action context to the resource", async () => {
    const seen: unknown[] = [];
    class Spy extends Resource {
      override create(params: Record<string, unknown>, context?: unknown) {
        seen.push(context);
        return Promise.resolve(params);
      }
      override update(_id: string, params: Record<string, unknown>, context?: unknown) {
        seen.push(context);
        return Promise.resolve(params);
      }
    }
    const spy = new Spy({ model: modelOf('Visit'), client: { visit: {} }, clientModule } as never);
    const context = { currentAdmin: { id: 1 } };
    await new BaseRecord({}, spy).create(context as never);
    await new BaseRecord({ id: 1 }, spy).update({ title: 'x' }, context as never);
    expect(seen).toEqual([context, context]);
  });

  it("every route of AdminJS's resource API is read as its resource and action", () => {
    const values: Record<string, string> = { resourceId: 'Visit', action: 'edit', recordId: '7', query: 'abc' };
    const routes = Router.routes.filter((route) => route.path.startsWith('/api/resources/'));
    expect(routes.length).toBeGreaterThanOrEqual(8);
    for (const route of routes) {
      const url = route.path.replace(/\{(\w+)\}/g, (_, name: string) => values[name]!);
      const expected = route.path.includes('/search') ? 'search' : 'edit';
      expect(resourceApiAction(url), route.path).toEqual({ resourceId: 'Visit', action: expected });
    }
    expect(resourceApiAction('/api/pages/password')).toBeNull();
  });

  it('express-formidable skips a body marked as parsed; the session keeps the user as adminUser', async () => {
    const formidableMiddleware = createRequire(import.meta.url)('express-formidable') as () => (
      req: unknown,
      res: unknown,
      next: () => void,
    ) => void;
    const req = {
      headers: { 'content-type': 'multipart/form-data; boundary=x', 'content-length': '10' },
      session: { adminUser: { id: 3 } },
    };
    markBodyParsed(req as never, { a: '1' }, {});
    await new Promise<void>((resolve) => formidableMiddleware()(req, {}, resolve));
    expect(req).toMatchObject({ fields: { a: '1' }, files: {} });
    expect(sessionAdmin(req as never)).toEqual({ id: 3 });
    const buildRouter = fs.readFileSync(path.join(projectRoot, 'node_modules/@adminjs/express/lib/buildRouter.js'), 'utf8');
    expect(buildRouter).toContain('req.session.adminUser');
  });
});
