// Every use of AdminJS and @adminjs/* beyond their public API, in one place (docs/admin.md,
// "AdminJS internals"). Written for the versions below, pinned exactly in package.json;
// admin/platform/adminjs-internals.test.ts fails when an upgrade changes any of them.
import type AdminJS from 'adminjs';
import type { Request } from 'express';
import datamodel from '../../server/generated/dmmf.json' with { type: 'json' };

export const WRITTEN_FOR = {
  adminjs: '7.8.17',
  '@adminjs/prisma': '5.0.4',
  '@adminjs/express': '6.1.1',
  'express-formidable': '1.2.0',
} as const;

type Row = Record<string, unknown>;

/** A field of the Prisma DMMF as @adminjs/prisma reads it. */
export interface DmmfField {
  name: string;
  kind: string;
  type: string;
  isList: boolean;
  isId: boolean;
  isRequired: boolean;
  relationName?: string;
  relationFromFields?: string[];
}

export interface DmmfModel {
  name: string;
  fields: DmmfField[];
}

/**
 * @adminjs/prisma reads the models from `clientModule.Prisma.dmmf.datamodel`, which the
 * query-compiler client no longer carries: the generated copy (server/generated) stands in.
 */
export const clientModule = { Prisma: { dmmf: { datamodel } } } as never;

export const models = (datamodel as unknown as { models: DmmfModel[] }).models;

export function modelOf(name: string): DmmfModel {
  const model = models.find((m) => m.name === name);
  if (!model) throw new Error(`Unknown model ${name}`);
  return model;
}

/** The Prisma delegate, as far as the adapter uses it. */
export interface Delegate {
  findMany(args: unknown): Promise<Row[]>;
  count(args: unknown): Promise<number>;
}

/**
 * The private fields of @adminjs/prisma's Resource that admin/platform/resource.ts reads: the model,
 * the Prisma delegate (`manager`) and the properties by path (`propertiesObject`).
 */
export function adapterInternals(resource: object): { model: DmmfModel; manager: Delegate; propertiesObject: Record<string, unknown> } {
  return resource as never;
}

/** @adminjs/express keeps the logged-in user (admin/platform/permissions.ts AdminUser) in the session under `adminUser`. */
export function sessionAdmin<User>(req: Request): User | undefined {
  return (req as unknown as { session?: { adminUser?: User } }).session?.adminUser;
}

/**
 * Hands a body parsed here to AdminJS: @adminjs/express skips its own parser (express-formidable)
 * when `express_formidable.parsed` is set, and reads `fields` and `files`.
 */
export function markBodyParsed(req: Request, fields: unknown, files: unknown): void {
  Object.assign(req, { fields, files, express_formidable: { parsed: true } });
}

// AdminJS's own API routes (adminjs `Router.routes`): resource, record and bulk actions, search.
// Without regard to case, as Express routes them to AdminJS: `/API/Resources/…` runs the same action.
const RESOURCE_API = /^\/api\/resources\/([^/]+)\/(?:actions\/([^/]+)|records\/[^/]+\/([^/]+)|bulk\/([^/]+)|search(?:\/|$))/i;

/** The resource and action a request to AdminJS's API runs (`search` for the pickers' search). */
export function resourceApiAction(path: string): { resourceId: string; action: string } | null {
  const match = RESOURCE_API.exec(path);
  if (!match) return null;
  const [, resourceId, resourceAction, recordAction, bulkAction] = match;
  return { resourceId: resourceId!, action: resourceAction ?? recordAction ?? bulkAction ?? 'search' };
}

/** Whether the panel has this resource and action: AdminJS answers a missing one with a 500. */
export function panelHasAction(admin: AdminJS, resourceId: string, action: string): boolean {
  const resource = admin.resources.find((candidate) => candidate._decorated?.id() === resourceId);
  return Boolean(resource?._decorated && Object.hasOwn(resource._decorated.actions, action));
}
