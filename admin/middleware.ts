// Express middleware of the panel: its own Content-Security-Policy, pages without outside
// links, and the logged-in staff member's rights loaded once per request.
import type { RequestHandler } from 'express';
import helmet from 'helmet';
import type { AppContext } from '../server/platform/context.ts';
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
        .replace(/<title>[^<]*<\/title>/, `<title>${title} | oser-cs.fr</title>`);
    }
    return send(body);
  }) as typeof res.send;
  next();
};

/** The panel's own Content-Security-Policy: inline bootstrap scripts and styles, nothing from outside. */
export function panelHeaders(ctx: AppContext): RequestHandler {
  const storage = ctx.config.storage;
  const mediaOrigins = storage.kind === 's3' ? [storage.publicUrl ?? storage.endpoint ?? `https://${storage.bucket}.s3.amazonaws.com`].map((url) => new URL(url).origin) : [];
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'unsafe-inline'"],
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
  });
}

/**
 * Loads the logged-in user's flags and permissions for this request: a user made inactive
 * or non-staff loses the panel at once, and new rights apply without logging in again.
 */
export function currentStaff(ctx: AppContext): RequestHandler {
  return async (req, res, next) => {
    const admin = sessionAdmin<AdminUser>(req);
    if (!admin) return next();
    const user = await ctx.db.prisma.user.findUnique({ where: { id: admin.id }, select: { isActive: true, isStaff: true, isSuperuser: true } });
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
