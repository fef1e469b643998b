// The participants of a visit as CSV: a record action whose page (admin/components/export-csv.jsx)
// links to the file the route below serves.
import express, { type Router } from 'express';
import type { ResourceOptions } from 'adminjs';
import type { AppContext } from '../../../server/platform/context.ts';
import { sessionAdmin } from '../../platform/adminjs-internals.ts';
import { canView, type AdminUser } from '../../platform/permissions.ts';
import { refuse } from '../../platform/routes.ts';

export function visitActions(): ResourceOptions['actions'] {
  return {
    exportCsv: {
      actionType: 'record',
      icon: 'Download',
      component: 'ExportCsv',
      handler: (_request, _response, context) => ({ record: context.record!.toJSON(context.currentAdmin) }),
    },
  };
}

/** One CSV cell: quoted, and never read as a formula by a spreadsheet. */
function csvCell(value: string | null | undefined): string {
  let text = value ?? '';
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

const yesNo = (value: boolean | null) => (value === null ? '' : value ? 'oui' : 'non');

/** The visit's `routes`: the file itself, for whoever may view visits and participations. */
export function participantsCsv(ctx: AppContext): Router {
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
  return router;
}
