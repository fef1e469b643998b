// The panel's login form (POST /login), in place of AdminJS's own handler: the same
// credential check and failure counters as the API's login (server/users/login.ts), and a
// 429 page with Retry-After once they are used up.
import express, { type RequestHandler } from 'express';
import type AdminJS from 'adminjs';
import type { AppContext } from '../../server/platform/context.ts';
import { Throttled } from '../../server/platform/errors.ts';
import { refuseUnstorableInput } from '../../server/platform/validate.ts';
import { createAuthenticate } from '../../server/users/login.ts';
import type { AdminUser } from './permissions.ts';

const form = express.urlencoded({ extended: false, limit: '10kb', parameterLimit: 10 });

export function loginHandler(ctx: AppContext, admin: AdminJS): RequestHandler[] {
  const authenticate = createAuthenticate(ctx);
  const page = (errorMessage: string) => admin.renderLogin({ action: admin.options.loginPath, errorMessage });
  return [
    form,
    refuseUnstorableInput,
    async (req, res) => {
      const fields = (req.body ?? {}) as Record<string, unknown>;
      const [email, password] = [fields.email, fields.password].map((value) => (typeof value === 'string' ? value : ''));
      let user;
      try {
        user = await authenticate(email!, password!, req.ip ?? 'unknown');
      } catch (error) {
        if (!(error instanceof Throttled)) throw error;
        return res
          .status(429)
          .set(error.headers)
          .send(await page('tooManyRequests'));
      }
      // docs/admin.md#access-and-permissions: only active staff (a superuser without the staff flag neither).
      if (!user || !user.isStaff) return res.send(await page('invalidCredentials'));
      await ctx.db.prisma.user.update({ where: { id: user.id }, data: { lastLogin: new Date() } });
      // A new session id at login (no session fixation); it drops AdminJS's `redirectTo` too,
      // which would follow a protocol-relative path (`//elsewhere`) off the site.
      await new Promise<void>((resolve, reject) => req.session.regenerate((error?: Error) => (error ? reject(error) : resolve())));
      const adminUser: AdminUser = { id: user.id, email: user.email, title: user.email, isSuperuser: user.isSuperuser };
      req.session.adminUser = adminUser;
      await new Promise<void>((resolve, reject) => req.session.save((error?: Error) => (error ? reject(error) : resolve())));
      res.redirect(302, admin.options.rootPath);
    },
  ];
}
