// Builds the panel; imported by admin/index.ts once ADMIN_JS_TMP_DIR is set.
import { createRequire } from 'node:module';
import path from 'node:path';
import express, { type Router } from 'express';
import session from 'express-session';
import connectPgSimple from 'connect-pg-simple';
import AdminJS, { ComponentLoader, type ActionResponse, type RecordJSON, type ResourceWithOptions } from 'adminjs';
import { buildAuthenticatedRouter } from '@adminjs/express';
import type { AppContext } from '../../server/platform/context.ts';
import { frenchInterface } from './locale-fr.ts';
import { OserResource, refuseImpossibleDates } from './resource.ts';
import { adminApiGate, canSeeResource, accessibleFor, registerReferences, type AdminUser } from './permissions.ts';
import { searchHandler } from './search.ts';
import { currentStaff, ownHtml, panelHeaders, sameOriginWrites } from './middleware.ts';
import { historyHooks, historyAction, loadContentTypeIds } from './history.ts';
import { cascadeNotice, type ModelNames } from './cascade.ts';
import { deleteHandler } from './delete.ts';
import { dashboardHandler } from './dashboard.ts';
import { adminRoutes } from './routes.ts';
import { loginHandler } from './login.ts';
import { fileFeatures } from './files.ts';
import { panelBodies } from './body.ts';
import { dropReadOnly } from './read-only.ts';
import { userResources } from '../users/index.ts';
import { tutoringResources } from '../tutoring/index.ts';
import { visitResources } from '../visits/index.ts';
import { registerResources } from '../register/index.ts';
import { coreResources } from '../core/index.ts';
import { NAV, type ResourceDef } from './define.ts';
import { loadComponents } from './components.ts';
import { currentPanelAssets, hashedAssetLinks, servePanelAssets } from './assets.ts';
import { projectRoot } from '../../server/platform/paths.ts';

const require = createRequire(import.meta.url);

export const publicDir = path.join(projectRoot, 'public');

/** The domains in menu order, each with the resources it declares (admin/<domain>/index.ts). */
const DOMAINS: ((ctx: AppContext) => ResourceDef[])[] = [
  userResources,
  tutoringResources,
  visitResources,
  registerResources,
  coreResources,
];

const STANDARD_ACTIONS = ['list', 'show', 'new', 'edit', 'delete', 'bulkDelete', 'search'];

function resourceWithOptions(ctx: AppContext, def: ResourceDef, contentTypes: Map<string, number>, names: ModelNames): ResourceWithOptions {
  const prisma = ctx.db.prisma;
  const fieldLabels = Object.fromEntries(Object.entries(def.properties).map(([key, prop]) => [key, prop.label]));
  const extras = { ...def.extras, names: { singular: def.singular, labels: fieldLabels } };
  if (def.title) {
    const title = def.title;
    const computed = extras.computed;
    extras.include = { ...def.titleInclude, ...extras.include };
    extras.computed = (row) => ({ displayName: title(row), ...computed?.(row) });
  }
  const history = historyHooks(prisma, def.model, contentTypes, fieldLabels);
  const actions: Record<string, Record<string, unknown>> = {};
  const given = (def.options.actions ?? {}) as Record<string, Record<string, unknown>>;
  for (const name of new Set([...STANDARD_ACTIONS, ...Object.keys(given), 'history'])) {
    const action: Record<string, unknown> = { ...(given[name] ?? {}) };
    if (name === 'history') Object.assign(action, historyAction(prisma, def.model, contentTypes));
    if (name === 'search') action.handler = searchHandler;
    const before = ([] as unknown[]).concat(action.before ?? []);
    const after = ([] as unknown[]).concat(action.after ?? []);
    if (name === 'edit') before.unshift(history.remember);
    // First: the resource's own hooks may set a read-only field (a document's slug at creation).
    if (name === 'new' || name === 'edit')
      before.unshift(dropReadOnly(def, name === 'new'), refuseImpossibleDates(def.extras?.dateFields ?? []));
    if (name === 'new') after.push(history.added);
    if (name === 'edit') after.push(history.changed);
    if (name === 'delete' || name === 'bulkDelete') after.push(history.deleted);
    if (name === 'new' || name === 'edit') after.push(backWhereStarted);
    if (name === 'delete' || name === 'bulkDelete') {
      // A confirmation page that lists what goes with each record, instead of AdminJS's bare modal.
      Object.assign(action, {
        component: 'ActionConfirm',
        guard: '',
        custom: { question: DELETE_QUESTION },
        handler: deleteHandler(prisma, def.model, def.singular),
      });
      after.push(cascadeNotice(prisma, def.model, names));
    }
    if (!STANDARD_ACTIONS.includes(name) && name !== 'history' && name !== 'exportCsv') after.push(history.custom(name));
    if (before.length) action.before = before;
    if (after.length) action.after = after;
    // An explicit `isAccessible: false` (read-only resources) stays; otherwise permissions decide.
    if (action.isAccessible !== false) action.isAccessible = accessibleFor(def.model, name);
    actions[name] = action;
  }
  const properties = Object.fromEntries(Object.entries(def.properties).map(([key, { label: _label, ...options }]) => [key, options]));
  return {
    resource: new OserResource(def.model, prisma, extras),
    options: {
      id: def.model,
      ...def.options,
      perPage: 100,
      ...(def.title ? { titleProperty: 'displayName' } : {}),
      properties,
      actions,
      navigation: def.options.navigation === false ? false : def.options.navigation,
      isVisible: ({ currentAdmin }: { currentAdmin?: unknown }) => canSeeResource(currentAdmin as AdminUser | undefined, def.model),
    } as ResourceWithOptions['options'],
  };
}

const DELETE_QUESTION = 'Supprimer, avec ce qui en dépend ?';

/**
 * After a save, back where the staff member started: the page that linked to the form passes
 * `redirectUrl` (a group's page after adding a member), which AdminJS only used for Cancel.
 */
function backWhereStarted(response: ActionResponse, request: { method?: string; query?: Record<string, unknown> }): ActionResponse {
  const target = request.query?.redirectUrl;
  const local = typeof target === 'string' && /^\/(?![/\\])/.test(target);
  const record = response.record as RecordJSON | undefined;
  if (request.method === 'post' && local && response.redirectUrl && !Object.keys(record?.errors ?? {}).length)
    response.redirectUrl = target;
  return response;
}

function translations(defs: ResourceDef[]) {
  const labels: Record<string, string> = { ...frenchInterface.labels };
  const resources: Record<string, unknown> = {};
  for (const def of defs) {
    labels[def.model] = def.label;
    // Boolean values are shown through `<property>.true|false` labels (AdminJS's default is English).
    for (const key of Object.keys(def.properties)) {
      labels[`${key}.true`] = 'Oui';
      labels[`${key}.false`] = 'Non';
    }
    resources[def.model] = {
      properties: Object.fromEntries(Object.entries(def.properties).map(([key, prop]) => [key, prop.label])),
      // « Ajouter : sortie » (admin/components/action-header.jsx).
      labels: { singular: def.singular },
    };
  }
  for (const { name } of Object.values(NAV)) labels[name] = name;
  labels.password = 'Mon mot de passe';
  return { ...frenchInterface, labels, resources, pages: { password: 'Mon mot de passe' } };
}

export async function buildAdmin(ctx: AppContext): Promise<Router> {
  const prisma = ctx.db.prisma;
  const contentTypes = await loadContentTypeIds(prisma);
  const loader = loadComponents(new ComponentLoader());

  const defs = DOMAINS.flatMap((domain) => domain(ctx));
  for (const def of defs) fileFeatures(ctx, def);
  const modelNames: ModelNames = Object.fromEntries(defs.map((d) => [d.model, { singular: d.singular, plural: d.label.toLowerCase() }]));
  const admin = new AdminJS({
    rootPath: '/',
    loginPath: '/login',
    logoutPath: '/logout',
    componentLoader: loader,
    resources: defs.map((def) => resourceWithOptions(ctx, def, contentTypes, modelNames)),
    dashboard: {
      component: 'Dashboard',
      handler: dashboardHandler(ctx, contentTypes, Object.fromEntries(defs.map((def) => [def.model, def.singular]))) as never,
    },
    pages: { password: { component: 'ChangePassword', icon: 'Key' } },
    branding: {
      companyName: "Ouverture Sociale pour l'Égalité et la Réussite",
      logo: '/static/oser-logo.svg',
      favicon: '/static/favicon.svg',
      withMadeWithLove: false,
      theme: {
        // Nunito for text, as the original admin (public/admin.css loads it from this server).
        font: "'Nunito', 'Segoe UI', Roboto, sans-serif",
        colors: { primary100: '#2b4b8c', primary80: '#3d5fa3', primary60: '#5b7ab8', primary40: '#8aa2d1', primary20: '#d3ddf0' },
        // The design system's theme has `font` as a string; AdminJS's type only knows records.
      } as never,
    },
    locale: { language: 'fr', availableLanguages: ['fr'], translations: { fr: translations(defs) as never } },
    settings: { defaultPerPage: 100 },
    assets: { styles: ['/static/admin.css'] },
  });

  registerReferences(
    admin.resources.map((resource) => ({
      id: resource.id(),
      references: Object.values(resource.decorate().properties).flatMap((property) => property.referenceName() ?? []),
    })),
  );

  // In production AdminJS bundles the components in initialize(), which its router starts
  // without waiting: bundle now, so that the first page finds the bundle, and once.
  if (process.env.NODE_ENV === 'production' && process.env.ADMIN_JS_SKIP_BUNDLE !== 'true') {
    await admin.initialize();
    process.env.ADMIN_JS_SKIP_BUNDLE = 'true';
  }

  const router = express.Router();
  const cookie = { httpOnly: true, sameSite: 'lax' as const, secure: ctx.config.isProduction, maxAge: 14 * 24 * 3600 * 1000 };
  const PgStore = connectPgSimple(session);
  const store = new PgStore({
    pool: ctx.db.pool,
    tableName: 'oser_admin_session',
    createTableIfMissing: false,
    errorLog: (...args: unknown[]) => ctx.logger.warn({ args }, 'admin session store'),
  });
  const sessions = session({
    store,
    secret: ctx.config.secretKey,
    name: 'oser_admin',
    resave: false,
    saveUninitialized: false,
    cookie,
  });
  router.use(panelHeaders(ctx), ownHtml, sameOriginWrites(ctx.config));
  const assets = currentPanelAssets();
  if (assets) router.use(hashedAssetLinks(assets), servePanelAssets(assets));
  // The fonts of the original admin (docs/admin.md#access-and-permissions), served from the npm packages: no CDN.
  for (const family of ['nunito', 'raleway']) {
    const files = path.join(path.dirname(require.resolve(`@fontsource/${family}/package.json`)), 'files');
    router.use(`/static/fonts/${family}`, express.static(files, { maxAge: '30d', fallthrough: false }));
  }
  router.use('/static', express.static(publicDir, { maxAge: '1d', fallthrough: false }));
  // Session first, so that the actor's permissions are loaded before AdminJS's routes.
  router.use(sessions, currentStaff(ctx));
  // Logging out is a POST (admin/components/logged-in.jsx): a GET, which any page can make
  // the browser send, logs nobody out.
  router.post('/logout', (req, res) => req.session.destroy(() => res.clearCookie('oser_admin').redirect('/login')));
  router.get('/logout', (_req, res) => res.redirect('/'));
  router.post('/login', ...loginHandler(ctx, admin));
  router.use(adminApiGate(admin));
  router.use(adminRoutes(ctx, defs));
  router.use(panelBodies('/login'));

  return buildAuthenticatedRouter(
    admin,
    {
      cookiePassword: ctx.config.secretKey,
      cookieName: 'oser_admin',
      // Never called: the login form is answered by admin/platform/login.ts before AdminJS's handler.
      authenticate: () => null,
    },
    router,
    // Same store: AdminJS's own session() is skipped (the session exists) but must not warn.
    { store, resave: false, saveUninitialized: false, cookie, secret: ctx.config.secretKey },
  );
}

declare module 'express-session' {
  interface SessionData {
    adminUser?: unknown;
    redirectTo?: string;
  }
}
