// Plain routes of the panel beside AdminJS's own, behind the same session: the CSV export of
// a visit's participants and the Markdown editor's image upload (docs/admin.md#markdown-editor: staff only).
import express, { type Router, type Response } from 'express';
import { revokeLegacyTokens } from '../../server/platform/auth.ts';
import type { AppContext } from '../../server/platform/context.ts';
import { uploadMiddleware, uploadedFiles } from '../../server/platform/storage.ts';
import { hashPassword, passwordProblems, verifyPassword } from '../../server/users/passwords.ts';
import { endOtherAdminSessions } from '../../server/users/service.ts';
import { sessionAdmin } from './adminjs-internals.ts';
import { canView, hasPermission, type AdminUser } from './permissions.ts';

function refuse(res: Response, admin: AdminUser | undefined) {
  // Logged out: the login page, as for every page of the panel.
  if (!admin) return res.redirect('/login');
  return res.status(403).json({ detail: "Vous n'avez pas la permission d'effectuer cette action." });
}

/** One CSV cell: quoted, and never read as a formula by a spreadsheet. */
export function csvCell(value: string | null | undefined): string {
  let text = value ?? '';
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

const yesNo = (value: boolean | null) => (value === null ? '' : value ? 'oui' : 'non');

export function adminRoutes(ctx: AppContext): Router {
  const router = express.Router();

  router.get('/exports/visits/:id/participants.csv', async (req, res) => {
    const admin = sessionAdmin<AdminUser>(req);
    if (!canView(admin, 'Visit') || !canView(admin, 'Participation')) return refuse(res, admin);
    const visit = await ctx.db.prisma.visit.findUnique({
      where: { id: Number(req.params.id) || -1 },
      select: {
        id: true,
        title: true,
        participations: {
          orderBy: { id: 'asc' },
          select: { accepted: true, present: true, user: { select: { email: true, firstName: true, lastName: true, phoneNumber: true } } },
        },
      },
    });
    if (!visit) return res.status(404).json({ detail: 'Pas trouvé.' });
    const header = ['Prénom', 'Nom', 'Adresse électronique', 'Téléphone', 'Accepté', 'Présent'];
    const lines = visit.participations.map((row) =>
      [row.user?.firstName, row.user?.lastName, row.user?.email, row.user?.phoneNumber, yesNo(row.accepted), yesNo(row.present)]
        .map(csvCell)
        .join(';'),
    );
    res.set('Content-Type', 'text/csv; charset=utf-8');
    res.attachment(`participants-sortie-${visit.id}.csv`);
    // The BOM lets spreadsheets read the accents as UTF-8.
    res.send(`\uFEFF${[header.map(csvCell).join(';'), ...lines].join('\r\n')}\r\n`);
  });

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

  const markdownUpload = uploadMiddleware(ctx.storage, { image: 'markdownImage' });
  router.post(
    '/uploads/markdown-image',
    (req, res, next) => {
      const admin = sessionAdmin<AdminUser>(req);
      const mayWrite = ['Visit', 'Place', 'Document'].some((id) => hasPermission(admin, id, 'change') || hasPermission(admin, id, 'add'));
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
