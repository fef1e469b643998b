// The benchmark's output: one table row per endpoint, the server's memory, then a verdict
// per target of issue 3 item 8 (and issue 5 item 8's admin figure).
import type { LoadResult } from './load.ts';

export interface EndpointFigures {
  label: string;
  /** Not served (404 while the route is missing, 401…): no load was run. */
  status: number;
  load?: LoadResult;
  sqlPerRequest: number;
  /** The same request on the small copy of the dataset (NaN on PGlite): must be equal. */
  sqlPerRequestSmall: number;
  singleRequestMs: number;
}

export interface Verdict {
  target: string;
  pass: boolean | null;
  detail: string;
}

export const TARGETS = {
  visitsShareOfFloor: 0.8,
  visitsShareAim: 0.8,
  /** WEB_CONCURRENCY=2 against one worker on /api/visits/, same run (issue 14 §2). */
  clusterSpeedup: 1.3,
  /** The visit detail and the school choices against their own floors. */
  ownFloorShare: 0.6,
  p99OverFloor: 1.5,
  maxSqlPerRequest: 5,
  maxPeakRssMb: 300,
  maxAdminListMs: 300,
};

const pad = (text: string, width: number) => text.padEnd(width);
const num = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '—');

export function formatTable(floor: EndpointFigures, rows: EndpointFigures[]): string {
  const header = [
    'endpoint',
    'req/s',
    'p50 ms',
    'p99 ms',
    'SQL/req',
    'SQL small',
    'vs floor',
    'KB/resp',
    '1 req ms',
    'CPU ms/req',
    'run s',
  ];
  const widths = [38, 7, 7, 7, 7, 9, 8, 7, 8, 10, 5];
  const lines = [header.map((cell, i) => pad(cell, widths[i]!)).join(' | ')];
  lines.push(widths.map((width) => '-'.repeat(width)).join('-|-'));
  const floorRate = floor.load?.requestsPerSecond ?? NaN;
  for (const row of [floor, ...rows]) {
    const load = row.load;
    const cells = load
      ? [
          row.label,
          num(load.requestsPerSecond),
          num(load.p50Ms, 0),
          num(load.p99Ms, 0),
          num(row.sqlPerRequest),
          num(row.sqlPerRequestSmall),
          `${num((load.requestsPerSecond / floorRate) * 100, 0)} %`,
          num(load.averageBytes / 1024),
          num(row.singleRequestMs, 0),
          num(load.cpuMsPerRequest, 2),
          String(load.seconds),
        ]
      : [row.label, `HTTP ${row.status}: not run`, '', '', '', '', '', '', '', '', ''];
    lines.push(cells.map((cell, i) => pad(cell, widths[i]!)).join(' | '));
    if (load && (load.non2xx > 0 || load.errors > 0)) {
      lines.push(`  ⚠ ${load.non2xx} non-2xx responses and ${load.errors} errors during the run: figures are void`);
    } else if (load && load.requestsPerSecond === 0) {
      lines.push('  ⚠ no response completed within the run: lengthen --duration');
    }
  }
  return lines.join('\n');
}

/** Each endpoint beside its own floor (same run): req/s, p99 and CPU per request, and the shares. */
export function formatOwnFloors(pairs: { row: EndpointFigures; floor: EndpointFigures }[]): string {
  const widths = [38, 14, 16, 18, 8];
  const lines = [
    ['endpoint / its floor', 'req/s', 'p99 ms', 'CPU ms/req', 'share'].map((cell, i) => pad(cell, widths[i]!)).join(' | '),
    widths.map((width) => '-'.repeat(width)).join('-|-'),
  ];
  for (const { row, floor } of pairs) {
    const a = row?.load;
    const b = floor.load;
    const both = (pick: (load: LoadResult) => number, digits: number) =>
      `${num(a ? pick(a) : NaN, digits)} / ${num(b ? pick(b) : NaN, digits)}`;
    const share = a && b ? `${num((a.requestsPerSecond / b.requestsPerSecond) * 100, 0)} %` : '—';
    const cells = [
      row?.label ?? '?',
      both((load) => load.requestsPerSecond, 1),
      both((load) => load.p99Ms, 0),
      both((load) => load.cpuMsPerRequest, 2),
      share,
    ];
    lines.push(cells.map((cell, i) => pad(cell, widths[i]!)).join(' | '));
  }
  return lines.join('\n');
}

/** CPU per request of every party: server, database and load generator share the machine's cores. */
function machineCpuMs(load: LoadResult): number {
  return load.cpuMsPerRequest + load.databaseCpuMsPerRequest + load.loadCpuMsPerRequest;
}

/** The share of the rate the cores allow at this run's CPU per request (all parties) that it reached. */
function reached(load: LoadResult, cores: number): number {
  return load.requestsPerSecond / ((cores * 1000) / machineCpuMs(load));
}

/**
 * Where each request's CPU went, and the rate the machine's cores allow at that cost: a run
 * near 100 % of it is bound by the machine, not by the server, so a second worker cannot
 * raise it; only less CPU per request (anywhere) can.
 */
export function formatCpuBudget(rows: EndpointFigures[], cores: number): string {
  const widths = [38, 7, 8, 8, 8, 8, 11, 7];
  const header = ['CPU ms per request (all parties)', 'req/s', 'server', 'database', 'load gen', 'all', 'cores allow', 'reached'];
  const lines = [header.map((cell, i) => pad(cell, widths[i]!)).join(' | '), widths.map((width) => '-'.repeat(width)).join('-|-')];
  for (const row of rows) {
    const load = row.load;
    if (!load) continue;
    const all = machineCpuMs(load);
    const allowed = (cores * 1000) / all;
    const share = reached(load, cores);
    const cells = [
      row.label,
      num(load.requestsPerSecond),
      num(load.cpuMsPerRequest, 2),
      num(load.databaseCpuMsPerRequest, 2),
      num(load.loadCpuMsPerRequest, 2),
      num(all, 2),
      num(allowed, 0),
      Number.isFinite(share) ? `${num(share * 100, 0)} %` : '—',
    ];
    lines.push(cells.map((cell, i) => pad(cell, widths[i]!)).join(' | '));
  }
  lines.push(`(${cores} cores; "database": the PostgreSQL server's processes, or PGlite's; "—" when the database is on another machine)`);
  return lines.join('\n');
}

export function verdicts(input: {
  floor: EndpointFigures;
  visits: EndpointFigures;
  all: EndpointFigures[];
  peakRssMb: number;
  bodiesMatch: boolean | null;
  admin: { label: string; ms: number } | null;
  scaling: { cluster: EndpointFigures; workers: number; peakRssMb: number; processes: number };
  /** Each endpoint with its floor and the floor's statement behind a bare Express app (the framework's ceiling). */
  ownFloors: { row: EndpointFigures; floor: EndpointFigures; bareExpress: EndpointFigures }[];
  cores: number;
}): Verdict[] {
  const { floor, visits } = input;
  const result: Verdict[] = [];
  const clean = (row: EndpointFigures) => row.load && row.load.non2xx === 0 && row.load.errors === 0 && row.load.requestsPerSecond > 0;
  if (visits.load && floor.load && clean(visits)) {
    const share = visits.load.requestsPerSecond / floor.load.requestsPerSecond;
    result.push({
      target: `/api/visits/ req/s ≥ ${TARGETS.visitsShareOfFloor * 100} % of the floor (aim ${TARGETS.visitsShareAim * 100} %)`,
      pass: share >= TARGETS.visitsShareOfFloor,
      detail: `${num(share * 100, 0)} %${share >= TARGETS.visitsShareAim ? ' (aim reached)' : ''}`,
    });
    const p99Ratio = visits.load.p99Ms / floor.load.p99Ms;
    result.push({
      target: `/api/visits/ p99 ≤ ${TARGETS.p99OverFloor}× the floor's`,
      pass: p99Ratio <= TARGETS.p99OverFloor,
      detail: `${num(visits.load.p99Ms, 0)} ms vs ${num(floor.load.p99Ms, 0)} ms (${num(p99Ratio, 2)}×)`,
    });
  } else {
    result.push({
      target: '/api/visits/ throughput and p99 against the floor',
      pass: false,
      detail: `not measurable (HTTP ${visits.status})`,
    });
  }
  const { cluster, workers } = input.scaling;
  if (cluster.load && visits.load && clean(cluster)) {
    const speedup = cluster.load.requestsPerSecond / visits.load.requestsPerSecond;
    result.push({
      target: `/api/visits/ on WEB_CONCURRENCY=${workers} ≥ ${TARGETS.clusterSpeedup}× one worker's req/s`,
      pass: speedup >= TARGETS.clusterSpeedup,
      detail: `${num(speedup, 2)}× (${num(cluster.load.requestsPerSecond, 0)} vs ${num(visits.load.requestsPerSecond, 0)} req/s; server CPU ${num(cluster.load.cpuMsPerRequest, 2)} vs ${num(visits.load.cpuMsPerRequest, 2)} ms/req; all parties ${num(machineCpuMs(cluster.load), 2)} vs ${num(machineCpuMs(visits.load), 2)} ms/req). One worker already reached ${num(reached(visits.load, input.cores) * 100, 0)} % of what the ${input.cores} cores allow at its CPU per request: more workers can add at most ${num(1 / reached(visits.load, input.cores), 2)}× on this machine`,
    });
  } else {
    result.push({ target: `/api/visits/ on WEB_CONCURRENCY=${workers}`, pass: false, detail: 'not measurable' });
  }
  const perWorker = input.scaling.peakRssMb / workers;
  result.push({
    target: `WEB_CONCURRENCY=${workers} peak RSS ≤ ${TARGETS.maxPeakRssMb} MB per worker`,
    pass: perWorker <= TARGETS.maxPeakRssMb,
    detail: `${num(input.scaling.peakRssMb, 0)} MB for ${input.scaling.processes} processes (primary included): ${num(perWorker, 0)} MB per worker`,
  });
  for (const { row, floor: own, bareExpress } of input.ownFloors) {
    const share = row?.load && own.load && clean(row) ? row.load.requestsPerSecond / own.load.requestsPerSecond : NaN;
    const ceiling = bareExpress.load && own.load ? bareExpress.load.requestsPerSecond / own.load.requestsPerSecond : NaN;
    result.push({
      target: `${row?.label ?? '?'} req/s ≥ ${TARGETS.ownFloorShare * 100} % of its floor`,
      pass: Number.isFinite(share) ? share >= TARGETS.ownFloorShare : false,
      detail: Number.isFinite(share)
        ? `${num(share * 100, 0)} % (p99 ${num(row.load!.p99Ms, 0)} ms vs ${num(own.load!.p99Ms, 0)} ms; a bare Express app with the floor's statement: ${num(ceiling * 100, 0)} %)`
        : 'not measurable',
    });
  }
  for (const row of input.all) {
    const measured = Number.isFinite(row.sqlPerRequest);
    const constant = !Number.isFinite(row.sqlPerRequestSmall) || row.sqlPerRequestSmall === row.sqlPerRequest;
    result.push({
      target: `${row.label}: ≤ ${TARGETS.maxSqlPerRequest} SQL statements per request, whatever the data size`,
      pass: measured && row.sqlPerRequest <= TARGETS.maxSqlPerRequest && constant,
      detail: !measured
        ? `not measurable (HTTP ${row.status})`
        : Number.isFinite(row.sqlPerRequestSmall)
          ? `${num(row.sqlPerRequest)} on the benchmark dataset, ${num(row.sqlPerRequestSmall)} on the small one${constant ? '' : ' (grows with the data: N+1)'}`
          : `${num(row.sqlPerRequest)} (no small copy on PGlite)`,
    });
  }
  result.push({
    target: `server peak RSS ≤ ${TARGETS.maxPeakRssMb} MB`,
    pass: input.peakRssMb <= TARGETS.maxPeakRssMb,
    detail: `${num(input.peakRssMb, 0)} MB`,
  });
  result.push({
    target: 'floor body equals the API body (/api/visits/)',
    pass: input.bodiesMatch,
    detail: input.bodiesMatch === null ? 'not comparable' : input.bodiesMatch ? 'same' : 'different (see above)',
  });
  result.push(
    input.admin
      ? {
          target: `admin list of a 10 000-row resource < ${TARGETS.maxAdminListMs} ms`,
          pass: input.admin.ms < TARGETS.maxAdminListMs,
          detail: `${input.admin.label}: ${num(input.admin.ms, 0)} ms`,
        }
      : {
          target: `admin list of a 10 000-row resource < ${TARGETS.maxAdminListMs} ms`,
          pass: null,
          detail: 'not measured (the measurement failed, see above)',
        },
  );
  return result;
}

export function formatVerdicts(list: Verdict[]): string {
  return list.map((v) => `${v.pass === null ? 'SKIP' : v.pass ? 'PASS' : 'FAIL'}  ${v.target}: ${v.detail}`).join('\n');
}
