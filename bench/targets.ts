/**
 * The targets of issues 6 and 14 as a table (what is divided by what, the threshold and which way it must
 * hold), and the targets section of the results, judged on medians of per-round ratios.
 */
import type { Bench } from './context.js'
import { ratio, table } from './lib/report.js'
import { medianRatio } from './lib/stats.js'
import type { DocCase } from './suites/documents.js'
import type { Run } from './suites/measure.js'
import type { StartupResult } from './suites/startup.js'
import type { ThroughputResults } from './suites/throughput.js'
import { measuredIn, variant } from './variants.js'

export interface TargetDef {
  /** Row label; throughput and document targets get the scenario's or the document's label appended. */
  name: string
  /**
   * Where the numerator and denominator come from: `throughput` (variant ids, one row per scenario),
   * `documents` (the runs of a document case: `cached`, `copy` or `static`, one row per case) or
   * `startup` (startup app ids of suites/startup.ts) or `memory` (variant ids: idle RSS of their
   * servers, from the throughput suite).
   */
  suite: 'throughput' | 'documents' | 'startup' | 'memory'
  numerator: string
  denominator: string
  metric: 'rps' | 'cpuPerReq' | 'firstResponseMs' | 'idleRss'
  /** `>=`: the ratio must reach the threshold; `<=`: stay under it. */
  comparison: '>=' | '<='
  threshold: number
  /** For a req/s target: also judge the ratio implied by CPU time (1 / CPU-per-request ratio), steadier. */
  byCpu?: boolean
  /** For a target against another framework: the same ratio with this (plain Fastify) as numerator,
   *  i.e. the best any framework built on Fastify can reach on this machine. */
  ceiling?: string
}

const vsFastify = (id: string) => `${variant(id).label} / Fastify req/s`

// biome-ignore format: one target a line, read as a table
export const targetDefs: TargetDef[] = [
  { name: 'Portico / Fastify req/s',                                          suite: 'throughput', numerator: 'portico',           denominator: 'fastify',     metric: 'rps',             comparison: '>=', threshold: 0.97, byCpu: true },
  { name: 'Portico / Fastify CPU/req',                                        suite: 'throughput', numerator: 'portico',           denominator: 'fastify',     metric: 'cpuPerReq',       comparison: '<=', threshold: 1.03 },
  { name: vsFastify('portico-root'),                                          suite: 'throughput', numerator: 'portico-root',      denominator: 'fastify',     metric: 'rps',             comparison: '>=', threshold: 0.95, byCpu: true },
  { name: vsFastify('portico-root-bare'),                                     suite: 'throughput', numerator: 'portico-root-bare', denominator: 'fastify',     metric: 'rps',             comparison: '>=', threshold: 0.95, byCpu: true },
  { name: vsFastify('portico-forwarded'),                                     suite: 'throughput', numerator: 'portico-forwarded', denominator: 'fastify',     metric: 'rps',             comparison: '>=', threshold: 0.95, byCpu: true },
  { name: 'Portico X-Forwarded-Prefix / Fastify sent the same header, req/s', suite: 'throughput', numerator: 'portico-forwarded', denominator: 'fastify-xfp', metric: 'rps',             comparison: '>=', threshold: 0.95, byCpu: true },
  { name: 'Portico / NestJS req/s',                                           suite: 'throughput', numerator: 'portico',           denominator: 'nest',        metric: 'rps',             comparison: '>=', threshold: 1.25, byCpu: true, ceiling: 'fastify' },
  { name: 'Portico / FastAPI req/s',                                          suite: 'throughput', numerator: 'portico',           denominator: 'fastapi',     metric: 'rps',             comparison: '>=', threshold: 2.5,  byCpu: true, ceiling: 'fastify' },
  { name: 'Dependencies, one header / preHandler CPU/req',                   suite: 'throughput', numerator: 'deps-one-header',   denominator: 'fastify-prehandler-one-header',   metric: 'cpuPerReq', comparison: '<=', threshold: 1.05 },
  { name: 'Dependencies, three nested / preHandler CPU/req',                 suite: 'throughput', numerator: 'deps-three-nested', denominator: 'fastify-prehandler-three-nested', metric: 'cpuPerReq', comparison: '<=', threshold: 1.1 },
  { name: '/openapi.json per-request servers / static req/s',                 suite: 'documents',  numerator: 'cached',            denominator: 'static',      metric: 'rps',             comparison: '>=', threshold: 0.9,  byCpu: true },
  { name: 'Startup 1,000 routes, Portico / Fastify',                          suite: 'startup',    numerator: 'portico',           denominator: 'fastify',     metric: 'firstResponseMs', comparison: '<=', threshold: 1.2 },
  { name: 'Startup 1,000 routes, Portico / NestJS',                           suite: 'startup',    numerator: 'portico',           denominator: 'nest',        metric: 'firstResponseMs', comparison: '<=', threshold: 0.5,  ceiling: 'fastify' },
  // Issue 14, as users run it (`portico run`; throughput rows for GET /app and POST /items/42).
  { name: '`portico run` defaults / Fastify without logger req/s',            suite: 'throughput', numerator: 'seed-run',          denominator: 'fastify-prefix', metric: 'rps',          comparison: '>=', threshold: 0.85, byCpu: true },
  { name: '`portico run --no-access-log` / Fastify without logger req/s',     suite: 'throughput', numerator: 'seed-run-noaccess', denominator: 'fastify-prefix', metric: 'rps',          comparison: '>=', threshold: 0.95, byCpu: true },
  { name: '`portico run` defaults / Fastify `logger: true` req/s',            suite: 'throughput', numerator: 'seed-run',          denominator: 'fastify-log',    metric: 'rps',          comparison: '>=', threshold: 1.0,  byCpu: true },
  { name: '`portico run` defaults / FastAPI with its access log req/s',       suite: 'throughput', numerator: 'seed-run',          denominator: 'fastapi-log',    metric: 'rps',          comparison: '>=', threshold: 2.5,  byCpu: true, ceiling: 'fastify-log' },
  { name: 'Startup 1,000 routes with the schema cache, Portico / Fastify',    suite: 'startup',    numerator: 'portico-cached',    denominator: 'fastify',        metric: 'firstResponseMs', comparison: '<=', threshold: 0.6 },
  { name: 'Idle RSS, `portico run` seed / Fastify register({ prefix })',     suite: 'memory',     numerator: 'seed-run',          denominator: 'fastify-prefix', metric: 'idleRss',      comparison: '<=', threshold: 1.15 },
]

/** One row of the targets table: a target applied to one scenario or document case. */
interface Judged {
  what: string
  def: TargetDef
  /** Undefined when a side was not measured (the row says NOT MEASURED). */
  measured?: number
  byCpu?: number
  ceiling?: number
}

type Series = (id: string, metric: TargetDef['metric']) => number[] | undefined

/** One metric of the rounds of a load measurement (which has no startup time). */
function rounds(runs: Run[] | undefined, metric: TargetDef['metric']): number[] | undefined {
  return metric === 'firstResponseMs' || metric === 'idleRss' ? undefined : runs?.map((x) => x[metric])
}

/** Applies `def` to the rounds `series` gives; each ratio is undefined when a side is missing. */
function judge(what: string, def: TargetDef, series: Series): Judged {
  const of = (a: string, b: string, metric: TargetDef['metric']) => {
    const sa = series(a, metric)
    const sb = series(b, metric)
    return sa && sb ? medianRatio(sa, sb) : undefined
  }
  const measured = of(def.numerator, def.denominator, def.metric)
  if (measured === undefined) return { what, def }
  const cpu = def.byCpu ? of(def.numerator, def.denominator, 'cpuPerReq') : undefined
  return {
    what,
    def,
    measured,
    ...(cpu === undefined ? {} : { byCpu: 1 / cpu }),
    ...(def.ceiling === undefined ? {} : { ceiling: of(def.ceiling, def.denominator, def.metric) }),
  }
}

/** Every row of the targets table, in the order of targetDefs (throughput rows scenario by scenario). */
export function judgeTargets(
  bench: Pick<Bench, 'scenarios'>,
  t: ThroughputResults | undefined,
  s: StartupResult[] | undefined,
  d: DocCase[] | undefined,
): Judged[] {
  const rows: Judged[] = []
  const throughputDefs = targetDefs.filter((x) => x.suite === 'throughput')
  for (const sc of bench.scenarios) {
    for (const def of throughputDefs) {
      if (!measuredIn(variant(def.numerator), sc.id)) continue
      const series: Series = (id, metric) => rounds(t?.runs.get(sc.id)?.get(id), metric)
      rows.push(judge(`${def.name}, ${sc.label}`, def, series))
    }
  }
  for (const def of targetDefs.filter((x) => x.suite === 'documents')) {
    if (!d) rows.push({ what: def.name, def })
    for (const c of d ?? []) {
      const series: Series = (id, metric) =>
        rounds(c.missing ? undefined : c[id as 'cached' | 'copy' | 'static'], metric)
      rows.push(judge(`${def.name}, ${c.label}`, def, series))
    }
  }
  for (const def of targetDefs.filter((x) => x.suite === 'startup')) {
    const series: Series = (id, metric) => {
      const r = s?.find((x) => x.id === id && !x.missing)
      return r && metric === 'firstResponseMs' ? r[metric] : undefined
    }
    rows.push(judge(def.name, def, series))
  }
  for (const def of targetDefs.filter((x) => x.suite === 'memory')) {
    const series: Series = (id, metric) => (metric === 'idleRss' ? t?.idleRss.get(id) : undefined)
    rows.push(judge(def.name, def, series))
  }
  return rows
}

export function targetsTable(
  bench: Pick<Bench, 'scenarios'>,
  t: ThroughputResults | undefined,
  s: StartupResult[] | undefined,
  d: DocCase[] | undefined,
): string {
  const verdict = (def: TargetDef, value: number) =>
    (def.comparison === '>=' ? value >= def.threshold : value <= def.threshold) ? 'met' : '**missed**'
  const rows = judgeTargets(bench, t, s, d).map((x) =>
    x.measured === undefined
      ? [x.what, 'not measured', '', 'NOT MEASURED', '', '']
      : [
          x.what,
          ratio(x.measured),
          `${x.def.comparison} ${x.def.threshold}x`,
          verdict(x.def, x.measured),
          x.byCpu === undefined ? '' : `${ratio(x.byCpu)} ${verdict(x.def, x.byCpu)}`,
          x.ceiling === undefined ? '' : `${ratio(x.ceiling)} ${verdict(x.def, x.ceiling)}`,
        ],
  )
  return `### Targets (issues 6 and 14), medians of per-round ratios\n\n${table(
    [
      'Target',
      'measured',
      'target',
      'status',
      'same ratio from CPU/req (1 / CPU ratio)',
      'plain Fastify in place of Portico (ceiling)',
    ],
    rows,
  )}\n\nThe fifth column restates each req/s target with CPU time per request (with a saturated server,\nreq/s ratio = 1 / CPU ratio). The last column is the same comparison made with plain Fastify, the\nserver Portico runs on: no framework built on Fastify can beat it, so a target that plain Fastify\nmisses on this machine cannot be met by Portico either.`
}
