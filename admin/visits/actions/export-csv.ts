// The participants of a visit as CSV: a record action whose page (admin/components/export-csv.jsx)
// links to the file admin/platform/routes.ts serves.
import type { ResourceOptions } from 'adminjs';

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
