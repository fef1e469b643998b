// The takeover's report, as printed by `npm run db:takeover` (plain text for operators).
import type { TakeoverResult } from './service.ts';

const STATUS_LABEL = { ok: 'ok', fix: 'FIX', blocking: 'BLOCKING' } as const;

const HEADLINE: Record<TakeoverResult['outcome'], string> = {
  'taken-over': 'Done: the database now runs this server. Start it with `npm start`.',
  'dry-run': 'Dry run: nothing was changed. Run again without --dry-run to do the above.',
  'nothing-to-do': 'Nothing to do: this database has already been taken over.',
  'legacy-dropped': 'Done: legacy tables dropped.',
  blocked: 'Stopped: these problems need a decision before the takeover (nothing was changed):',
  refused: 'Stopped: this database cannot be taken over (nothing was changed):',
  failed: 'Failed (nothing was changed):',
};

export function formatReport(result: TakeoverResult): string {
  const lines: string[] = [];
  const { recognition } = result;
  if (recognition.kind === 'django') {
    lines.push('Django database of the OSER backend:');
    for (const [app, info] of Object.entries(recognition.djangoApps)) {
      lines.push(`  ${app.padEnd(14)} ${String(info.count).padStart(3)} migration(s), last ${info.last}`);
    }
    if (recognition.schemaProblems.length === 0) lines.push('  schema: as the Django backend creates it');
    for (const variant of recognition.variants) {
      lines.push(`  schema: ${variant.table}.${variant.column} is ${variant.type} (older Django), will be widened`);
    }
  }
  if (result.findings.length > 0) {
    lines.push('', 'Data checks:');
    for (const finding of result.findings) {
      lines.push(`  [${STATUS_LABEL[finding.status]}] ${finding.title}`);
      for (const detail of finding.details) lines.push(`      ${detail}`);
    }
  }
  if (result.actions.length > 0) {
    lines.push('', result.outcome === 'dry-run' ? 'Would do, in one transaction:' : 'Done, in one transaction:');
    for (const action of result.actions) lines.push(`  - ${action}`);
  }
  lines.push('', HEADLINE[result.outcome]);
  for (const reason of result.reasons) lines.push(`  ${reason}`);
  return lines.join('\n');
}
