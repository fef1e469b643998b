// Plain routes of the panel beside AdminJS's own, behind the same session: the ones resources
// declare (`routes`), changing one's own password and the Markdown editor's image upload
// (docs/admin.md#markdown-editor: staff only).
import express, { type Router, type Response } from 'express';
import { revokeLegacyTokens } from '../../server/platform/auth.ts';
import type { AppContext } from '../../server/platform/context.ts';
import { uploadMiddleware, uploadedFiles } from '../../server/platform/storage.ts';
import { hashPassword, passwordProblems, verifyPassword } from '../../server/users/passwords.ts';
import { endOtherAdminSessions } from '../../server/users/service.ts';
import { sessionAdmin } from './adminjs-internals.ts';
import { hasPermission, type AdminUser } from './permissions.ts';
import { MARKDOWN, type ResourceDef } from './define.ts';

/** 403, or the login page for whoever is logged out, as for every page of the panel. */
export function refuse(res: Response, admin: AdminUser | undefined) {
  if (!admin) return res.redirect('/login');
  return res.status(403).json({ detail: "Vous n'avez pas la permission d'effectuer cette action." });
}

export function adminRoutes(ctx: AppContext, defs: ResourceDef[]): Router {
  const router = express.Router();
  for (const def of defs) if (def.routes) router.use(def.routes);

  // Every staff member changes their own password (the current one is asked first).
  router.post('/account/password', express.urlencoded({ extended: false, limit: '10kb' }), async (req, res) => {
    const admin = sessionAdmin<AdminUser>(req);
    if (!admin) return refuse(res, admin);
    const { currentPassword = '', newPassword = '', confirmation = '' } = req.body as Record<string, string>;
    const user = await ctx.db.prisma.user.findUniqueOrThrow({
      where: { id: admin.id },
      select: { password: true, email: true, firstName: true, lastName: true },
    });
    const errors: Record<string, string[]> = {};
    if (!(await verifyPassword(user.password, currentPassword)).valid) errors.currentPassword = ['Le mot de passe actuel est incorrect.'];
    const problems = passwordProblems(newPassword, [user.email, user.firstName, user.lastName]);
    if (problems.length) errors.newPassword = problems;
    if (newPassword !== confirmation) errors.confirmation = ['Les deux mots de passe ne correspondent pas.'];
    if (Object.keys(errors).length) return res.status(400).json(errors);
    await ctx.db.prisma.user.update({ where: { id: admin.id }, data: { password: await hashPassword(newPassword) } });
    await endOtherAdminSessions(ctx.db.prisma, admin.id, req.sessionID);
    await revokeLegacyTokens(ctx.db.prisma, admin.id);
    res.json({ detail: 'Le mot de passe a été modifié.' });
  });

  // Whoever may write a resource with a Markdown field may add images to it.
  const markdownModels = defs
    .filter((def) => Object.values(def.properties).some((property) => property.components?.edit === MARKDOWN.components.edit))
    .map((def) => def.model);
  const markdownUpload = uploadMiddleware(ctx.storage, { image: 'markdownImage' });
  router.post(
    '/uploads/markdown-image',
    (req, res, next) => {
      const admin = sessionAdmin<AdminUser>(req);
      const mayWrite = markdownModels.some((id) => hasPermission(admin, id, 'change') || hasPermission(admin, id, 'add'));
      return mayWrite ? next() : refuse(res, admin);
    },
    markdownUpload,
    async (req, res) => {
      const file = uploadedFiles(req).image;
      if (!file) return res.status(400).json({ image: ['Aucun fichier n’a été soumis.'] });
      const url = await ctx.storage.fileUrl(file.key, `${req.protocol}://${req.get('host')}`);
      res.status(201).json({ key: file.key, url, markdown: `![](${url})` });
    },
  );
  // Upload errors (size, type, storage) in DRF's shape.
  router.use('/uploads', ((error, _req, res, next) => {
    const status = (error as { status?: number }).status;
    if (!status) return next(error);
    res.status(status).json((error as { body?: unknown }).body ?? { detail: String(error) });
  }) as express.ErrorRequestHandler);
  return router;
}
