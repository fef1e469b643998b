// Express middleware of the panel: its own Content-Security-Policy, pages without outside
// links, and the logged-in staff member's rights loaded once per request.
import crypto from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { RequestHandler, Response } from 'express';
import helmet from 'helmet';
import type { AppContext } from '../../server/platform/context.ts';
import { sessionAdmin } from './adminjs-internals.ts';
import { loadPermissions, type AdminUser } from './permissions.ts';

/** AdminJS's pages hard-code a Google Fonts link and its own title: ours stay on our origin. */
export const ownHtml: RequestHandler = (req, res, next) => {
  const send = res.send.bind(res);
  res.send = ((body: unknown) => {
    if (typeof body === 'string' && body.includes('<html')) {
      // Pages name what they show once loaded (admin/components/action-header.jsx).
      const title = req.path === '/login' ? 'Connexion' : 'Administration';
      body = body
        .replace(/<link[^>]+fonts\.googleapis\.com[^>]*>/g, '')
        .replace(/<title>[^<]*<\/title>/, `<title>${title} | oser-cs.fr</title>`)
        // AdminJS's inline bootstrap scripts, allowed by this response's nonce only (panelHeaders).
        .replace(/<script(?=[\s>])/g, `<script nonce="${res.locals.cspNonce}"`);
    }
    return send(body);
  }) as typeof res.send;
  next();
};

const nonceOf = (_req: unknown, res: ServerResponse) => `'nonce-${(res as Response).locals.cspNonce}'`;

/**
 * The panel's own Content-Security-Policy: scripts from the server or carrying the page's
 * nonce (no inline script of a stored value can run), inline styles, nothing from outside.
 */
export function panelHeaders(ctx: AppContext): RequestHandler {
  const storage = ctx.config.storage;
  const mediaOrigins =
    storage.kind === 's3'
      ? [storage.publicUrl ?? storage.endpoint ?? `https://${storage.bucket}.s3.amazonaws.com`].map((url) => new URL(url).origin)
      : [];
  const headers = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", nonceOf],
        styleSrc: ["'self'", "'unsafe-inline'"],
        // Markdown content may show images from other sites (https only), as the original's pages did.
        imgSrc: ["'self'", 'data:', 'blob:', 'https:', ...mediaOrigins],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    // Not helmet's no-referrer: with it, Chromium sends `Origin: null` on the panel's own form
    // posts, which sameOriginWrites must refuse. Other sites still get no referrer.
    referrerPolicy: { policy: 'same-origin' },
  });
  return (req, res, next) => {
    res.locals.cspNonce = crypto.randomBytes(16).toString('base64');
    headers(req, res, next);
  };
}

/**
 * Writes come from the panel's own pages (issue 10, CSRF beyond SameSite): a POST whose
 * `Origin` (or, without it, `Referer`) is another site, or `null`, is refused. Requests with
 * neither come from no browser page, so no other site can send them on a staff member's behalf.
 */
export function sameOriginWrites(config: Pick<AppContext['config'], 'allowedHosts'>): RequestHandler {
  const allowed = new Set(config.allowedHosts.map((host) => host.toLowerCase()));
  return (req, res, next) => {
    if (['GET', 'HEAD', 'OPTIONS'].includes(req.method)) return next();
    const source = req.get('origin') ?? req.get('referer');
    if (source === undefined) return next();
    let url: URL | undefined;
    try {
      url = new URL(source);
    } catch {
      url = undefined;
    }
    const host = req.get('host')?.toLowerCase();
    if (url && /^https?:$/.test(url.protocol) && (url.host.toLowerCase() === host || allowed.has(url.hostname.toLowerCase())))
      return next();
    res.status(403).json({ detail: "Requête refusée : elle ne vient pas d'une page de l'administration." });
  };
}

/**
 * Loads the logged-in user's flags and permissions for this request: a user made inactive
 * or non-staff loses the panel at once, and new rights apply without logging in again.
 */
export function currentStaff(ctx: AppContext): RequestHandler {
  return async (req, res, next) => {
    const admin = sessionAdmin<AdminUser>(req);
    if (!admin) return next();
    const user = await ctx.db.prisma.user.findUnique({
      where: { id: admin.id },
      select: { isActive: true, isStaff: true, isSuperuser: true },
    });
    if (!user || !user.isActive || !user.isStaff) {
      return req.session.destroy(() => res.redirect('/login'));
    }
    admin.isSuperuser = user.isSuperuser;
    const permissions = user.isSuperuser ? new Set<string>() : await loadPermissions(ctx.db.prisma, admin.id);
    // Not enumerable: kept out of the stored session and of the page sent to the browser.
    Object.defineProperty(admin, 'permissions', { value: permissions, enumerable: false, configurable: true });
    Object.defineProperty(admin, 'sessionId', { value: req.sessionID, enumerable: false, configurable: true });
    next();
  };
}
