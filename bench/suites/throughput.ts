/**
 * Throughput: in each round all servers are started afresh (idle ones cost nothing); variants take
 * turns, each warmed up and measured in every scenario back to back; then the tables and the run's
 * noise floor.
 */
import { type Bench, log } from '../context.js'
import { warmUp } from '../lib/load.js'
import { rssBytes } from '../lib/proc.js'
import { mb, num, ratio, table } from '../lib/report.js'
import { type RunningServer, waitForResponse } from '../lib/server.js'
import { max, median, medianRatio, min } from '../lib/stats.js'
import { measuredIn, type Variant, variants } from '../variants.js'
import { checkEquivalence } from './equivalence.js'
import { launch, measure, type Run } from './measure.js'

export interface ThroughputResults {
  measured: Variant[]
  notMeasured: { variant: Variant; reason: string }[]
  runs: Map<string, Map<string, Run[]>> // scenario -> variant -> rounds
  /** Per variant, RSS in bytes of its fresh server once it answered, before any load, each round. */
  idleRss: Map<string, number[]>
  /** Per variant, RSS of its server at the end of each round (after every measurement). */
  loadedRss: Map<string, number[]>
}

/**
 * Starts the servers with these ids and waits for each to answer, then calls `ready` with it;
 * `failed` gets the ones that did not answer.
 */
async function startServers(
  bench: Bench,
  ids: Iterable<string>,
  failed: Map<string, string>,
  ready: (id: string, server: RunningServer) => Promise<void>,
): Promise<Map<string, RunningServer>> {
  const servers = new Map<string, RunningServer>()
  // One at a time, each answering (and `ready` done) before the next is spawned: a user's server
  // starts alone. Spawned together on the server's core, a dozen processes each took seconds to
  // start, and the idle RSS read afterwards measured that contention along with the server.
  for (const id of ids) {
    const def = bench.servers.find((d) => d.id === id)!
    if (!def.spec) {
      failed.set(id, def.missing ?? 'unavailable')
      continue
    }
    const server = await launch(bench, def)
    const v = variants.find((x) => x.server === id)!
    try {
      await waitForResponse(server, { path: `${v.prefix}/app`, headers: v.headers }, { intervalMs: 20 })
    } catch (error) {
      failed.set(id, `did not start: ${(error as Error).message.split('\n').slice(0, 6).join(' ')}`)
      await server.stop()
      continue
    }
    servers.set(id, server)
    await ready(id, server)
  }
  return servers
}

export async function throughput(bench: Bench): Promise<ThroughputResults> {
  const { config, only, quick, scenarios } = bench
  const wanted = variants.filter((v) => (only ? only.has(v.id) : !v.diagnostic && !(quick && v.fullRunOnly)))
  const failed = new Map<string, string>()
  const measured: Variant[] = []
  const notMeasured: ThroughputResults['notMeasured'] = []
  // A series per measured variant, made when its server passes the equivalence checks.
  const idleRss = new Map<string, number[]>()
  const rssOf = (server: RunningServer, id: string) => {
    // A server that exited mid-run is named, with what it wrote, rather than a bare ENOENT on /proc.
    const { exitCode, signalCode } = server.child
    if (exitCode !== null || signalCode !== null) {
      throw new Error(
        `server ${id} exited (${signalCode ?? `code ${exitCode}`}) during the run: ${server.output().slice(-2000)}`,
      )
    }
    return rssBytes(server.pid)
  }
  const readIdleRss = (id: string, server: RunningServer) => {
    for (const v of measured) if (v.server === id) idleRss.get(v.id)!.push(rssOf(server, id))
  }
  // Round 1's servers are read once they answered the equivalence checks (five requests).
  let servers = await startServers(
    bench,
    new Set(wanted.map((v) => v.server)),
    failed,
    async (id, server) => {
      for (const v of wanted) {
        if (v.server !== id) continue
        const reason = await checkEquivalence(server, v)
        if (reason) {
          notMeasured.push({ variant: v, reason })
          log(`not measured: ${v.label}: ${reason}`)
        } else {
          measured.push(v)
          idleRss.set(v.id, [])
        }
      }
      readIdleRss(id, server)
    },
  )
  for (const v of wanted) {
    if (failed.has(v.server)) {
      notMeasured.push({ variant: v, reason: failed.get(v.server)! })
      log(`not measured: ${v.label}: ${failed.get(v.server)}`)
    }
  }
  // In the variants' own order (the rounds rotate it), whatever order their servers started in.
  measured.sort((a, b) => wanted.indexOf(a) - wanted.indexOf(b))
  const loadedRss = new Map<string, number[]>(measured.map((v) => [v.id, []]))
  const runs = new Map<string, Map<string, Run[]>>()
  for (const s of scenarios) {
    runs.set(s.id, new Map(measured.filter((v) => measuredIn(v, s.id)).map((v) => [v.id, []])))
  }
  const neededServers = new Set(measured.map((v) => v.server))
  const readRss = (into: Map<string, number[]>, of: Variant[]) => {
    for (const v of of) into.get(v.id)!.push(rssOf(servers.get(v.server)!, v.server))
  }

  for (let round = 1; round <= config.rounds; round++) {
    // Every round runs fresh processes: one launch of the same app measured anywhere from 0.87x to
    // 1.00x of another (JIT decisions, memory layout), a bias that rounds within one launch would
    // share instead of averaging out.
    const fresh = round === 1 || config.relaunch
    if (round > 1 && config.relaunch) {
      servers = await startServers(bench, neededServers, failed, async (id, server) =>
        readIdleRss(id, server),
      )
      const lost = [...neededServers].filter((id) => !servers.has(id))
      if (lost.length > 0) throw new Error(`round ${round}: ${lost.map((id) => failed.get(id)).join('; ')}`)
    }
    // Each round starts one variant further along (A B C, B C A, C A B, ...): a variant's position in
    // the round showed a systematic effect of several percent on this kind of machine.
    const shift = (round - 1) % measured.length
    const order = [...measured.slice(shift), ...measured.slice(0, shift)]
    // Each variant's scenarios are measured back to back, right after its server's warm-up. Measured
    // scenario by scenario across every variant instead, a server waited a minute or more between its
    // warm-up and its last scenarios: long enough for V8's memory reducer to shrink an idle process's
    // young generation, after which the first seconds of load ran up to a third slower for a server
    // that logs each request (docs/performance.md). That measured the idle gap, not the request.
    // One warm-up per server, not per variant. Every variant has a process of its own: a process
    // shared by two variants (warmed and loaded twice per round) measured several percent faster
    // than the rest, and an A/A control against such a shared baseline read 0.81x..0.92x.
    const warmed = new Set<string>()
    const lines = new Map<string, string[]>(scenarios.map((s) => [s.id, []]))
    for (const v of order) {
      if (fresh && !warmed.has(v.server)) {
        warmed.add(v.server)
        await warmUp(bench.tool, {
          port: servers.get(v.server)!.port,
          requests: order
            .filter((other) => other.server === v.server)
            .flatMap((other) =>
              scenarios.filter((s) => measuredIn(other, s.id)).map((s) => s.request(other)),
            ),
          connections: config.connections,
          durationSeconds: config.warmup,
          pin: bench.pinning.load,
        })
      }
      for (const s of scenarios) {
        if (!measuredIn(v, s.id)) continue
        const run = await measure(bench, servers.get(v.server)!, s.request(v), s.pipelining, config.duration)
        runs.get(s.id)!.get(v.id)!.push(run)
        lines.get(s.id)!.push(`${v.id} ${num(run.rps)}`)
      }
      // After load: right after the variant's last scenario, before it idles for the rest of the round.
      if (config.relaunch || round === config.rounds) readRss(loadedRss, [v])
    }
    for (const s of scenarios) log(`round ${round}/${config.rounds} ${s.id}: ${lines.get(s.id)!.join(', ')}`)
    if (config.relaunch || round === config.rounds) {
      for (const server of servers.values()) await server.stop()
    }
  }
  return { measured, notMeasured, runs, idleRss, loadedRss }
}

/** wrk records no latency sample when a pipelined batch never completes as a whole (uvicorn). */
function latency(values: number[]): string {
  const m = median(values)
  return m > 0 ? num(m, 2) : 'n/a'
}

export function throughputTables(bench: Bench, r: ThroughputResults): string {
  const out: string[] = []
  for (const s of bench.scenarios) {
    const byVariant = r.runs.get(s.id)!
    const base = byVariant.get('fastify')
    const rows = r.measured
      .filter((v) => measuredIn(v, s.id))
      .map((v) => {
        const runs = byVariant.get(v.id)!
        const rps = runs.map((x) => x.rps)
        const cpu = runs.map((x) => x.cpuPerReq)
        const errors = runs.reduce((a, x) => a + x.errors, 0)
        return [
          v.label,
          `${num(median(rps))} (${num(min(rps))}..${num(max(rps))})`,
          latency(runs.map((x) => x.p50)),
          latency(runs.map((x) => x.p99)),
          num(median(cpu), 1),
          mb(median(runs.map((x) => x.rss))),
          base
            ? ratio(
                medianRatio(
                  rps,
                  base.map((x) => x.rps),
                ),
              )
            : 'n/a',
          base
            ? ratio(
                medianRatio(
                  cpu,
                  base.map((x) => x.cpuPerReq),
                ),
              )
            : 'n/a',
          String(errors),
        ]
      })
    for (const { variant, reason } of r.notMeasured) {
      if (!measuredIn(variant, s.id)) continue
      rows.push([variant.label, `not measured: ${reason.replace(/\|/g, '\\|')}`, '', '', '', '', '', '', ''])
    }
    out.push(
      `### ${s.label}, ${bench.config.connections} connections\n\n${table(
        [
          'Variant',
          'req/s median (min..max)',
          'p50 ms',
          'p99 ms',
          'CPU µs/req',
          'RSS MB',
          'req/s vs Fastify',
          'CPU/req vs Fastify',
          'errors',
        ],
        rows,
      )}`,
    )
  }
  return out.join('\n\n')
}

/**
 * Idle and after-load RSS of every measured variant, with ratios to plain Fastify (and, for the
 * `portico run` rows, to plain Fastify under the same prefix, `fastify-prefix`).
 */
export function memoryTable(r: ThroughputResults): string {
  const base = r.idleRss.get('fastify')
  const baseLoaded = r.loadedRss.get('fastify')
  const rows = r.measured.map((v) => {
    const idle = r.idleRss.get(v.id)!
    const loaded = r.loadedRss.get(v.id)!
    return [
      v.label,
      `${mb(median(idle))} (${mb(min(idle))}..${mb(max(idle))})`,
      loaded.length > 0 ? `${mb(median(loaded))} (${mb(min(loaded))}..${mb(max(loaded))})` : 'n/a',
      base ? ratio(medianRatio(idle, base)) : 'n/a',
      baseLoaded && loaded.length > 0 ? ratio(medianRatio(loaded, baseLoaded)) : 'n/a',
    ]
  })
  return `### Memory (RSS), every variant's server

${table(
  ['Variant', 'idle MB median (min..max)', 'after load MB', 'idle vs Fastify', 'after load vs Fastify'],
  rows,
)}

Idle: the fresh server's resident memory once it answered its first request (round 1: and the
equivalence checks), before the warm-up. After load: right after the variant's last measurement of
the round.`
}

/** Median of per-round ratios of `field` between variants `a` and `b` in one scenario (`undefined`
 *  when either was not measured). */
export function variantRatio(
  t: ThroughputResults | undefined,
  scenario: string,
  a: string,
  b: string,
  field: 'rps' | 'cpuPerReq',
): number | undefined {
  const ra = t?.runs.get(scenario)?.get(a)
  const rb = t?.runs.get(scenario)?.get(b)
  return ra && rb
    ? medianRatio(
        ra.map((x) => x[field]),
        rb.map((x) => x[field]),
      )
    : undefined
}

/** The A/A control: a second Fastify process against the baseline, per scenario. */
export function noiseFloor(bench: Bench, t: ThroughputResults): string {
  const parts: string[] = []
  for (const sc of bench.scenarios) {
    const rps = variantRatio(t, sc.id, 'fastify-aa', 'fastify', 'rps')
    const cpu = variantRatio(t, sc.id, 'fastify-aa', 'fastify', 'cpuPerReq')
    if (rps === undefined || cpu === undefined) continue
    parts.push(`${sc.label} ${ratio(rps)} (CPU/req ${ratio(cpu)})`)
  }
  if (parts.length === 0) return 'Noise floor: not measured (the A/A control runs in full runs only).'
  return `**Noise floor of this run** (A/A control: a second, identical Fastify process against the baseline, req/s): ${parts.join('; ')}. Ratios within that distance of 1.00x cannot be told apart from noise.`
}
