/**
 * Portico's benchmark driver: runs equivalent apps side by side in one session and prints ratios
 * against plain Fastify. See bench/README.md.
 *
 *   node dist/run.js [--quick] [--rounds N] [--duration S] [--only id,id] [--scenarios id,id] [--tool wrk|autocannon]
 *                    [--no-startup] [--no-docs] [--out FILE]
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { isDeepStrictEqual, parseArgs } from 'node:util'
import { ROOT_PATH, SAMPLE_ITEM } from './apps/shared.js'
import { probePath } from './apps/startup-shared.js'
import { cleanupLoad, type LoadRequest, type LoadTool, pickLoadTool, runLoad, warmUp } from './lib/load.js'
import { describeMachine } from './lib/machine.js'
import { cpuMicros, rssBytes } from './lib/proc.js'
import { mb, num, ratio, table } from './lib/report.js'
import {
  freePort,
  type ProbeRequest,
  type RunningServer,
  type ServerSpec,
  startServer,
  stopAll,
  timeRequest,
  waitForResponse,
} from './lib/server.js'
import { max, median, medianRatio, min } from './lib/stats.js'

const here = path.dirname(fileURLToPath(import.meta.url))
const appsDir = path.join(here, 'apps')
const pySourceDir = path.resolve(here, '..', 'apps')

const { values: argv } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    rounds: { type: 'string' },
    duration: { type: 'string' },
    only: { type: 'string' },
    scenarios: { type: 'string' },
    tool: { type: 'string' },
    connections: { type: 'string', default: '100' },
    'no-startup': { type: 'boolean', default: false },
    'no-docs': { type: 'boolean', default: false },
    out: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
})
if (argv.help) {
  process.stdout.write(
    'usage: node dist/run.js [--quick] [--rounds N] [--duration S] [--only id,id] [--scenarios get,get-p10,post,post-p10]\n' +
      '                        [--tool wrk|autocannon]\n' +
      '                        [--connections N] [--no-startup] [--no-docs] [--out FILE]\n',
  )
  process.exit(0)
}

const quick = argv.quick
const config = {
  // Many short rounds rather than a few long ones: other work on the machine comes in bursts, and
  // the median of per-round ratios rejects them.
  rounds: Number(argv.rounds ?? (quick ? 2 : 6)),
  duration: Number(argv.duration ?? 1),
  /** Per server and round, on all its routes; wrk takes whole seconds. */
  warmup: quick ? 1 : 2,
  connections: Number(argv.connections),
  /** Fresh server processes every round (see throughput()); a quick run starts them once. */
  relaunch: !quick,
  startupRounds: quick ? 1 : 5,
  docRounds: quick ? 2 : 7,
}
for (const [name, value] of Object.entries(config)) {
  if (typeof value === 'boolean') continue
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`)
}
const outFile = argv.out ?? (quick ? undefined : path.resolve(here, '..', 'RESULTS.md'))

// ---------------------------------------------------------------------------------------------
// Cores: server on one, load generator on the other.

function hasTaskset(): boolean {
  try {
    execFileSync('taskset', ['-c', '0', 'true'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}
const pinning = hasTaskset()
const serverPin = pinning ? ['taskset', '-c', '0'] : []
const loadPin = pinning ? ['taskset', '-c', '1'] : []

// ---------------------------------------------------------------------------------------------
// Servers and variants.

function nodeApp(file: string, env: Record<string, string> = {}): ServerSpec {
  return {
    command: process.execPath,
    args: [path.join(appsDir, file)],
    env: { NODE_ENV: 'production', ...env },
  }
}

function findPython(): string | undefined {
  for (const python of ['/usr/bin/python3', 'python3']) {
    try {
      execFileSync(python, ['-c', 'import fastapi, uvicorn'], { stdio: 'ignore' })
      return python
    } catch {}
  }
  return undefined
}

function pythonModules(python: string): string {
  try {
    return execFileSync(
      python,
      [
        '-c',
        'import importlib.util as u, fastapi, uvicorn, pydantic, sys\n' +
          "print(f\"Python {sys.version.split()[0]}, FastAPI {fastapi.__version__}, uvicorn {uvicorn.__version__}, pydantic {pydantic.VERSION}, uvloop {'yes' if u.find_spec('uvloop') else 'no'}, httptools {'yes' if u.find_spec('httptools') else 'no'}\")",
      ],
      { encoding: 'utf8' },
    ).trim()
  } catch {
    return 'FastAPI: unknown versions'
  }
}

interface ServerDef {
  id: string
  spec?: ServerSpec
  /** Why the server cannot run here (reported as "not measured"). */
  missing?: string
}

interface Variant {
  id: string
  label: string
  server: string
  /** Path prefix of the requests the load generator sends. */
  prefix: string
  headers: Record<string, string>
  /** Run only when named in --only. */
  diagnostic?: boolean
  /** Left out of --quick runs (to stay under a minute). */
  fullRunOnly?: boolean
}

const python = findPython()

function builtNodeApp(id: string, file: string, env: Record<string, string> = {}, why = ''): ServerDef {
  return existsSync(path.join(appsDir, file))
    ? { id, spec: nodeApp(file, env) }
    : { id, missing: `dist/apps/${file} not built${why ? `: ${why}` : ''}` }
}

const serverDefs: ServerDef[] = [
  builtNodeApp('raw', 'raw-http.js'),
  builtNodeApp('fastify', 'fastify-plain.js'),
  builtNodeApp('fastify-aa', 'fastify-plain.js'),
  builtNodeApp('fastify-xfp', 'fastify-plain.js'),
  builtNodeApp('fastify-prefix', 'fastify-plain.js', { PREFIX: ROOT_PATH }),
  builtNodeApp('portico', 'portico.js', { PORTICO_MODE: 'plain' }, 'Portico controllers API not available'),
  builtNodeApp(
    'portico-root',
    'portico.js',
    { PORTICO_MODE: 'static' },
    'Portico controllers API not available',
  ),
  // The stripped-request variant gets its own process of the same app: a process shared by two
  // variants takes twice the load each round and measured faster for it (see throughput()).
  builtNodeApp(
    'portico-root-bare',
    'portico.js',
    { PORTICO_MODE: 'static' },
    'Portico controllers API not available',
  ),
  builtNodeApp(
    'portico-forwarded',
    'portico.js',
    { PORTICO_MODE: 'forwarded' },
    'Portico controllers API not available',
  ),
  builtNodeApp('nest', 'nest.js'),
  builtNodeApp('fastify-diag-rewrite', 'fastify-plain.js', { DIAG_REWRITE: '1' }),
  builtNodeApp('fastify-diag-onsend', 'fastify-plain.js', { DIAG_ONSEND: '1' }),
  python
    ? {
        id: 'fastapi',
        spec: {
          command: python,
          args: [
            '-m',
            'uvicorn',
            'fastapi_app:app',
            '--root-path',
            ROOT_PATH,
            '--host',
            '127.0.0.1',
            '--port',
            '{PORT}',
            '--log-level',
            'warning',
            '--no-access-log',
          ],
          cwd: pySourceDir,
        },
      }
    : { id: 'fastapi', missing: 'python3-fastapi / python3-uvicorn not installed' },
]

const variants: Variant[] = [
  { id: 'raw', label: 'node:http (floor)', server: 'raw', prefix: '', headers: {} },
  { id: 'fastify', label: 'Fastify (baseline)', server: 'fastify', prefix: '', headers: {} },
  {
    // The same app in its own process: how far it lands from the baseline is the run's noise floor.
    id: 'fastify-aa',
    label: 'Fastify, a second process (A/A control)',
    server: 'fastify-aa',
    prefix: '',
    headers: {},
    fullRunOnly: true,
  },
  {
    id: 'fastify-prefix',
    label: 'Fastify register({ prefix })',
    server: 'fastify-prefix',
    prefix: ROOT_PATH,
    headers: {},
  },
  { id: 'portico', label: 'Portico controllers', server: 'portico', prefix: '', headers: {} },
  {
    id: 'portico-root',
    label: 'Portico rootPath, prefixed request',
    server: 'portico-root',
    prefix: ROOT_PATH,
    headers: {},
  },
  {
    id: 'portico-root-bare',
    label: 'Portico rootPath, stripped request',
    server: 'portico-root-bare',
    prefix: '',
    headers: {},
  },
  {
    id: 'portico-forwarded',
    label: 'Portico X-Forwarded-Prefix',
    server: 'portico-forwarded',
    prefix: '',
    headers: { 'x-forwarded-prefix': ROOT_PATH },
  },
  { id: 'nest', label: 'NestJS on Fastify', server: 'nest', prefix: '', headers: {} },
  { id: 'fastapi', label: 'FastAPI on uvicorn', server: 'fastapi', prefix: '', headers: {} },
  // Diagnostics, run only when named in --only: plain Fastify plus one of the costs createApp adds.
  {
    id: 'fastify-diag-rewrite',
    label: 'Fastify + identity rewriteUrl (diagnostic)',
    server: 'fastify-diag-rewrite',
    prefix: '',
    headers: {},
    diagnostic: true,
  },
  {
    // The baseline app in its own process; in the default run because the forwarded-prefix target is
    // judged against it too (Node parsing one more request header is not Portico's cost).
    id: 'fastify-xfp',
    label: 'Fastify, sent the same X-Forwarded-Prefix header',
    server: 'fastify-xfp',
    prefix: '',
    headers: { 'x-forwarded-prefix': ROOT_PATH },
  },
  {
    id: 'fastify-diag-onsend',
    label: 'Fastify + one onSend hook (diagnostic)',
    server: 'fastify-diag-onsend',
    prefix: '',
    headers: {},
    diagnostic: true,
  },
]

interface Scenario {
  id: string
  label: string
  pipelining: number
  request: (v: Variant) => LoadRequest
}

const sampleBody = JSON.stringify(SAMPLE_ITEM)
const getApp = (v: Variant): LoadRequest => ({ method: 'GET', path: `${v.prefix}/app`, headers: v.headers })
const postItem = (v: Variant): LoadRequest => ({
  method: 'POST',
  path: `${v.prefix}/items/42`,
  headers: { ...v.headers, 'content-type': 'application/json' },
  body: sampleBody,
})
const allScenarios: Scenario[] = [
  { id: 'get', label: 'GET /app', pipelining: 1, request: getApp },
  { id: 'get-p10', label: 'GET /app, pipelining 10', pipelining: 10, request: getApp },
  { id: 'post', label: 'POST /items/42 (validated JSON body)', pipelining: 1, request: postItem },
  { id: 'post-p10', label: 'POST /items/42, pipelining 10', pipelining: 10, request: postItem },
]
const wantedScenarios = argv.scenarios?.split(',') ?? (quick ? ['get'] : allScenarios.map((s) => s.id))
for (const id of wantedScenarios) {
  if (!allScenarios.some((s) => s.id === id)) {
    throw new Error(
      `--scenarios: unknown scenario ${id} (known: ${allScenarios.map((s) => s.id).join(', ')})`,
    )
  }
}
const scenarios = allScenarios.filter((s) => wantedScenarios.includes(s.id))

const only = argv.only ? new Set(argv.only.split(',')) : undefined
if (only) only.add('fastify') // every ratio needs the baseline

// ---------------------------------------------------------------------------------------------

function log(message: string): void {
  process.stderr.write(`${message}\n`)
}

async function launch(def: ServerDef): Promise<RunningServer> {
  const port = await freePort()
  const spec = { ...def.spec!, args: def.spec!.args.map((a) => (a === '{PORT}' ? String(port) : a)) }
  const server = startServer(spec, port, serverPin)
  return server
}

/** Checks that a variant answers like every other one before it is measured. */
async function checkEquivalence(server: RunningServer, v: Variant): Promise<string | undefined> {
  const base = `http://127.0.0.1:${server.port}${v.prefix}`
  const get = await fetch(`${base}/app`, { headers: v.headers })
  const getBody = await get.json().catch(() => undefined)
  if (get.status !== 200 || !isDeepStrictEqual(getBody, { message: 'Hello World', root_path: ROOT_PATH })) {
    return `GET ${v.prefix}/app answered ${get.status} ${JSON.stringify(getBody)}`
  }
  const post = await fetch(`${base}/items/42`, {
    method: 'POST',
    headers: { ...v.headers, 'content-type': 'application/json' },
    body: sampleBody,
  })
  const postBody = await post.json().catch(() => undefined)
  if (post.status !== 200 || !isDeepStrictEqual(postBody, { id: 42, ...SAMPLE_ITEM })) {
    return `POST ${v.prefix}/items/42 answered ${post.status} ${JSON.stringify(postBody)}`
  }
  // Unknown fields are dropped (Fastify's default) or rejected, never echoed.
  const extra = await fetch(`${base}/items/42`, {
    method: 'POST',
    headers: { ...v.headers, 'content-type': 'application/json' },
    body: JSON.stringify({ ...SAMPLE_ITEM, extra: 1 }),
  })
  const extraBody = await extra.json().catch(() => undefined)
  if (
    extra.status === 200
      ? !isDeepStrictEqual(extraBody, { id: 42, ...SAMPLE_ITEM })
      : extra.status !== 400 && extra.status !== 422
  ) {
    return `unknown body field answered ${extra.status} ${JSON.stringify(extraBody)}`
  }
  for (const [what, url, body] of [
    ['invalid body', `${base}/items/42`, JSON.stringify({ ...SAMPLE_ITEM, price: -1 })],
    ['non-integer id', `${base}/items/abc`, sampleBody],
  ] as const) {
    const res = await fetch(url, {
      method: 'POST',
      headers: { ...v.headers, 'content-type': 'application/json' },
      body,
    })
    await res.arrayBuffer()
    if (res.status < 400 || res.status >= 500) return `${what} answered ${res.status}, expected 4xx`
  }
  return undefined
}

interface Run {
  rps: number
  p50: number
  p99: number
  cpuPerReq: number
  rss: number
  errors: number
}

async function measure(
  tool: LoadTool,
  server: RunningServer,
  request: LoadRequest,
  pipelining: number,
  duration: number,
): Promise<Run> {
  const cpuBefore = cpuMicros(server.pid)
  const load = await runLoad(tool, {
    port: server.port,
    request,
    connections: config.connections,
    pipelining,
    durationSeconds: duration,
    pin: loadPin,
  })
  const cpuAfter = cpuMicros(server.pid)
  return {
    rps: load.rps,
    p50: load.p50,
    p99: load.p99,
    cpuPerReq: load.requests > 0 ? (cpuAfter - cpuBefore) / load.requests : Number.NaN,
    rss: rssBytes(server.pid),
    errors: load.errors,
  }
}

// ---------------------------------------------------------------------------------------------
// Throughput: in each round all servers are started afresh (idle ones cost nothing), warmed up, and
// measured in turn, variants alternating.

interface ThroughputResults {
  measured: Variant[]
  notMeasured: { variant: Variant; reason: string }[]
  runs: Map<string, Map<string, Run[]>> // scenario -> variant -> rounds
}

/** Starts the servers with these ids and waits for each to answer; `failed` gets the ones that did not. */
async function startServers(
  ids: Iterable<string>,
  failed: Map<string, string>,
): Promise<Map<string, RunningServer>> {
  const servers = new Map<string, RunningServer>()
  for (const id of ids) {
    const def = serverDefs.find((d) => d.id === id)!
    if (!def.spec) failed.set(id, def.missing ?? 'unavailable')
    else servers.set(id, await launch(def))
  }
  for (const [id, server] of servers) {
    const v = variants.find((x) => x.server === id)!
    try {
      await waitForResponse(server, { path: `${v.prefix}/app`, headers: v.headers }, { intervalMs: 20 })
    } catch (error) {
      failed.set(id, `did not start: ${(error as Error).message.split('\n').slice(0, 6).join(' ')}`)
      await server.stop()
      servers.delete(id)
    }
  }
  return servers
}

async function throughput(tool: LoadTool): Promise<ThroughputResults> {
  const wanted = variants.filter((v) => (only ? only.has(v.id) : !v.diagnostic && !(quick && v.fullRunOnly)))
  const failed = new Map<string, string>()
  let servers = await startServers(new Set(wanted.map((v) => v.server)), failed)
  const measured: Variant[] = []
  const notMeasured: ThroughputResults['notMeasured'] = []
  for (const v of wanted) {
    const server = servers.get(v.server)
    const reason = failed.get(v.server) ?? (server ? await checkEquivalence(server, v) : 'no server')
    if (reason) {
      notMeasured.push({ variant: v, reason })
      log(`not measured: ${v.label}: ${reason}`)
    } else {
      measured.push(v)
    }
  }
  const runs = new Map<string, Map<string, Run[]>>()
  for (const s of scenarios) runs.set(s.id, new Map(measured.map((v) => [v.id, []])))
  const neededServers = new Set(measured.map((v) => v.server))

  for (let round = 1; round <= config.rounds; round++) {
    // Every round runs fresh processes: one launch of the same app measured anywhere from 0.87x to
    // 1.00x of another (JIT decisions, memory layout), a bias that rounds within one launch would
    // share instead of averaging out.
    const fresh = round === 1 || config.relaunch
    if (round > 1 && config.relaunch) {
      servers = await startServers(neededServers, failed)
      const lost = [...neededServers].filter((id) => !servers.has(id))
      if (lost.length > 0) throw new Error(`round ${round}: ${lost.map((id) => failed.get(id)).join('; ')}`)
    }
    // Each round starts one variant further along (A B C, B C A, C A B, ...): a variant's position in
    // the round showed a systematic effect of several percent on this kind of machine.
    const shift = (round - 1) % measured.length
    const order = [...measured.slice(shift), ...measured.slice(0, shift)]
    // One warm-up per server, not per variant. Every variant has a process of its own: a process
    // shared by two variants (warmed and loaded twice per round) measured several percent faster
    // than the rest, and an A/A control against such a shared baseline read 0.81x..0.92x.
    for (const serverId of fresh ? new Set(order.map((v) => v.server)) : []) {
      await warmUp(tool, {
        port: servers.get(serverId)!.port,
        requests: order
          .filter((v) => v.server === serverId)
          .flatMap((v) => scenarios.map((s) => s.request(v))),
        connections: config.connections,
        durationSeconds: config.warmup,
        pin: loadPin,
      })
    }
    for (const s of scenarios) {
      const line: string[] = []
      for (const v of order) {
        const run = await measure(tool, servers.get(v.server)!, s.request(v), s.pipelining, config.duration)
        runs.get(s.id)!.get(v.id)!.push(run)
        line.push(`${v.id} ${num(run.rps)}`)
      }
      log(`round ${round}/${config.rounds} ${s.id}: ${line.join(', ')}`)
    }
    if (config.relaunch || round === config.rounds) for (const server of servers.values()) await server.stop()
  }
  return { measured, notMeasured, runs }
}

/** wrk records no latency sample when a pipelined batch never completes as a whole (uvicorn). */
function latency(values: number[]): string {
  const m = median(values)
  return m > 0 ? num(m, 2) : 'n/a'
}

function throughputTables(r: ThroughputResults): string {
  const out: string[] = []
  for (const s of scenarios) {
    const byVariant = r.runs.get(s.id)!
    const base = byVariant.get('fastify')
    const rows = r.measured.map((v) => {
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
      rows.push([variant.label, `not measured: ${reason.replace(/\|/g, '\\|')}`, '', '', '', '', '', '', ''])
    }
    out.push(
      `### ${s.label}, ${config.connections} connections\n\n${table(
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

// ---------------------------------------------------------------------------------------------
// Startup: 1,000 routes in 100 controllers, time from spawn to the first 200 and RSS then.

interface StartupResult {
  id: string
  label: string
  firstResponseMs: number[]
  readyInProcessMs: number[]
  rss: number[]
  /** Time of the first `GET /openapi.json` after the first 200 (the document is generated then). */
  firstDocumentMs: number[]
  /** Time of the second one (served from the cache): the difference is the generation. */
  laterDocumentMs: number[]
  missing?: string
}

const startupApps: {
  id: string
  label: string
  file: string
  env: Record<string, string>
  /** Timed twice after the first 200, for the apps that serve a document. */
  document?: ProbeRequest
}[] = [
  { id: 'fastify', label: 'Fastify', file: 'startup-fastify.js', env: {} },
  {
    id: 'portico',
    label: 'Portico (createApp)',
    file: 'startup-portico.js',
    env: { PORTICO_STACK: 'plain' },
    document: { path: '/openapi.json' },
  },
  { id: 'nest', label: 'NestJS on Fastify', file: 'startup-nest.js', env: {} },
  {
    id: 'portico-nodoc',
    label: 'Portico, createApp({ openapi: false })',
    file: 'startup-portico.js',
    env: { PORTICO_STACK: 'nodoc' },
  },
  {
    id: 'portico-full',
    label: 'Portico, rootPath + forwarded prefix + document',
    file: 'startup-portico.js',
    env: { PORTICO_STACK: 'full' },
    document: { path: '/openapi.json', headers: { 'x-forwarded-prefix': ROOT_PATH } },
  },
]

async function startup(): Promise<StartupResult[]> {
  const results: StartupResult[] = startupApps.map((a) => ({
    id: a.id,
    label: a.label,
    firstResponseMs: [],
    readyInProcessMs: [],
    rss: [],
    firstDocumentMs: [],
    laterDocumentMs: [],
    ...(existsSync(path.join(appsDir, a.file)) ? {} : { missing: `dist/apps/${a.file} not built` }),
  }))
  for (let round = 1; round <= config.startupRounds; round++) {
    for (const [i, a] of startupApps.entries()) {
      const result = results[i]!
      if (result.missing) continue
      const port = await freePort()
      const t0 = performance.now()
      const server = startServer(nodeApp(a.file, a.env), port, serverPin)
      try {
        const t1 = await waitForResponse(server, { path: probePath() }, { intervalMs: 2, timeoutMs: 60_000 })
        result.firstResponseMs.push(t1 - t0)
        result.rss.push(rssBytes(server.pid))
        const ready = /READY \d+ ([\d.]+)/.exec(server.output())
        if (ready) result.readyInProcessMs.push(Number(ready[1]))
        if (a.document) {
          result.firstDocumentMs.push(await timeRequest(server.port, a.document))
          result.laterDocumentMs.push(await timeRequest(server.port, a.document))
        }
      } catch (error) {
        result.missing = `failed: ${(error as Error).message.split('\n').slice(0, 4).join(' ')}`
      } finally {
        await server.stop()
      }
    }
    log(
      `startup round ${round}/${config.startupRounds}: ${results
        .map((r) => `${r.id} ${num(r.firstResponseMs.at(-1) ?? Number.NaN)} ms`)
        .join(', ')}`,
    )
  }
  return results
}

function startupTable(results: StartupResult[]): string {
  const fastify = results.find((r) => r.id === 'fastify')!
  const nest = results.find((r) => r.id === 'nest')!
  const rows = results.map((r) =>
    r.missing
      ? [r.label, `not measured: ${r.missing}`, '', '', '', '']
      : [
          r.label,
          `${num(median(r.firstResponseMs))} (${num(min(r.firstResponseMs))}..${num(max(r.firstResponseMs))})`,
          num(median(r.readyInProcessMs)),
          mb(median(r.rss)),
          fastify.missing ? 'n/a' : ratio(medianRatio(r.firstResponseMs, fastify.firstResponseMs)),
          nest.missing ? 'n/a' : ratio(medianRatio(r.firstResponseMs, nest.firstResponseMs)),
        ],
  )
  return `### Startup, 1,000 routes in 100 controllers (${config.startupRounds} rounds)\n\n${table(
    [
      'App',
      'first 200 ms median (min..max)',
      'listening ms (in process)',
      'RSS MB',
      'time vs Fastify',
      'time vs NestJS',
    ],
    rows,
  )}\n\nFirst 200: from spawning the process to the first successful \`GET ${probePath()}\` (node boot, module\nloading, route registration, schema compilation, listen). Listening: \`performance.now()\` inside the\nprocess once \`listen\` resolved. Half the routes are GET with a response schema, half POST with params,\nbody and response schemas.`
}

// ---------------------------------------------------------------------------------------------
// Documents: /openapi.json served with per-request servers vs the same bytes as a static string.

interface DocCase {
  id: string
  label: string
  server: ServerDef
  bytes?: number
  cached: Run[]
  /** The same bytes as a fixed string through the same Portico app (/openapi-copy.json). */
  copy: Run[]
  static: Run[]
  missing?: string
}

async function documentCase(tool: LoadTool, c: DocCase, pipelining: number): Promise<void> {
  if (!c.server.spec) {
    c.missing = c.server.missing ?? 'unavailable'
    return
  }
  const headers = { 'x-forwarded-prefix': ROOT_PATH }
  const request: LoadRequest = { method: 'GET', path: '/openapi.json', headers }
  const dir = mkdtempSync(path.join(tmpdir(), 'portico-bench-doc-'))
  const portico = await launch(c.server)
  let staticServer: RunningServer | undefined
  try {
    await waitForResponse(portico, { path: '/openapi.json', headers }, { intervalMs: 20, timeoutMs: 60_000 })
    const res = await fetch(`http://127.0.0.1:${portico.port}/openapi.json`, { headers })
    const bytes = Buffer.from(await res.arrayBuffer())
    const doc = JSON.parse(bytes.toString('utf8')) as { servers?: { url: string }[] }
    if (doc.servers?.[0]?.url !== ROOT_PATH) {
      throw new Error(
        `/openapi.json has servers ${JSON.stringify(doc.servers)}, expected [{ url: '${ROOT_PATH}' }]`,
      )
    }
    c.bytes = bytes.length
    const file = path.join(dir, 'openapi.json')
    writeFileSync(file, bytes)
    staticServer = startServer(
      nodeApp('static-document.js', {
        DOCUMENT_FILE: file,
        CONTENT_TYPE: res.headers.get('content-type') ?? 'application/json',
      }),
      await freePort(),
      serverPin,
    )
    await waitForResponse(staticServer, { path: '/openapi.json' }, { intervalMs: 20 })
    const copyRequest: LoadRequest = { ...request, path: '/openapi-copy.json' }
    for (const [server, r] of [
      [staticServer, { ...request, headers: {} }],
      [portico, copyRequest],
    ] as const) {
      const res = await fetch(`http://127.0.0.1:${server.port}${r.path}`, { headers: r.headers })
      if (!Buffer.from(await res.arrayBuffer()).equals(bytes)) {
        throw new Error(`${r.path} on port ${server.port} differs from the document`)
      }
    }
    await measure(tool, portico, request, pipelining, config.warmup)
    await measure(tool, portico, copyRequest, pipelining, config.warmup)
    await measure(tool, staticServer, { ...request, headers: {} }, pipelining, config.warmup)
    const measurements = [
      () => measure(tool, portico, request, pipelining, config.duration).then((r) => c.cached.push(r)),
      () => measure(tool, portico, copyRequest, pipelining, config.duration).then((r) => c.copy.push(r)),
      () =>
        measure(tool, staticServer!, { ...request, headers: {} }, pipelining, config.duration).then((r) =>
          c.static.push(r),
        ),
    ]
    for (let round = 1; round <= config.docRounds; round++) {
      const shift = (round - 1) % measurements.length
      for (const m of [...measurements.slice(shift), ...measurements.slice(0, shift)]) await m()
      log(
        `documents ${c.id} round ${round}/${config.docRounds}: servers injected ${num(c.cached.at(-1)!.rps)}, ` +
          `copy through Portico ${num(c.copy.at(-1)!.rps)}, static ${num(c.static.at(-1)!.rps)}`,
      )
    }
  } catch (error) {
    c.missing = (error as Error).message.split('\n').slice(0, 4).join(' ')
  } finally {
    await portico.stop()
    await staticServer?.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

async function documents(tool: LoadTool): Promise<DocCase[]> {
  const cases: DocCase[] = [
    {
      id: 'seed',
      label: 'seed app (2 routes)',
      server: serverDefs.find((d) => d.id === 'portico-forwarded')!,
      cached: [],
      copy: [],
      static: [],
    },
  ]
  if (!quick) {
    cases.push({
      id: 'large',
      label: '1,000 routes',
      server: existsSync(path.join(appsDir, 'startup-portico.js'))
        ? { id: 'portico-full', spec: nodeApp('startup-portico.js', { PORTICO_STACK: 'full' }) }
        : { id: 'portico-full', missing: 'dist/apps/startup-portico.js not built' },
      cached: [],
      copy: [],
      static: [],
    })
  }
  for (const c of cases) await documentCase(tool, c, 1)
  return cases
}

function documentTables(cases: DocCase[], startupResults: StartupResult[] | undefined): string {
  const rows: string[][] = []
  for (const c of cases) {
    if (c.missing) {
      rows.push([c.label, `not measured: ${c.missing}`, '', '', '', '', ''])
      continue
    }
    for (const [label, runs] of [
      ['Portico /openapi.json, servers injected per request', c.cached],
      ['same bytes as a fixed string, same Portico app (diagnostic)', c.copy],
      ['same bytes as a static string, plain Fastify (baseline)', c.static],
    ] as const) {
      const rps = runs.map((x) => x.rps)
      rows.push([
        `${c.label}, ${num(c.bytes ?? Number.NaN)} bytes`,
        label,
        `${num(median(rps))} (${num(min(rps))}..${num(max(rps))})`,
        num(median(runs.map((x) => x.p99)), 2),
        num(median(runs.map((x) => x.cpuPerReq)), 1),
        ratio(
          medianRatio(
            rps,
            c.static.map((x) => x.rps),
          ),
        ),
        ratio(
          medianRatio(
            runs.map((x) => x.cpuPerReq),
            c.static.map((x) => x.cpuPerReq),
          ),
        ),
      ])
    }
  }
  const full = startupResults?.find((r) => r.id === 'portico-full')
  const spread = (values: number[]) =>
    `${num(median(values), 1)} ms median (${num(min(values), 1)}..${num(max(values), 1)})`
  const build = !full
    ? 'not measured: startup not run'
    : full.missing
      ? `not measured: ${full.missing}`
      : `First \`GET /openapi.json\` after startup (generates the document): ${spread(full.firstDocumentMs)}; ` +
        `the next one (cached): ${spread(full.laterDocumentMs)}; over ${full.firstDocumentMs.length} process starts ` +
        `of the "rootPath + forwarded prefix + document" app. The difference is what generation costs ` +
        `(@fastify/swagger, operationIds, components, serialization); startup does not pay it.`
  return `### GET /openapi.json, X-Forwarded-Prefix from a trusted proxy, ${config.connections} connections, ${config.docRounds} rounds\n\n${table(
    [
      'Document',
      'Server',
      'req/s median (min..max)',
      'p99 ms',
      'CPU µs/req',
      'req/s vs static',
      'CPU/req vs static',
    ],
    rows,
  )}\n\n### Generating the document for 1,000 routes in 100 controllers\n\n${build}`
}

// ---------------------------------------------------------------------------------------------
// Targets of issue 6.

/** Median of per-round ratios of `field` between variants `a` and `b` in one scenario (`undefined`
 *  when either was not measured). */
function variantRatio(
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

interface Target {
  what: string
  measured: number
  limit: number
  atLeast: boolean
  /** For a req/s target: the ratio implied by CPU time (1 / CPU-per-request ratio), steadier. */
  byCpu?: number
  /** For a target against another framework: the same ratio for plain Fastify, i.e. the best any
   *  framework built on Fastify can reach on this machine. */
  ceiling?: number
}

function targetsTable(
  t: ThroughputResults | undefined,
  s: StartupResult[] | undefined,
  d: DocCase[] | undefined,
) {
  const targets: (Target | { what: string; missing: string })[] = []
  const rpsRatio = (scenario: string, a: string, b: string) => variantRatio(t, scenario, a, b, 'rps')
  const cpuRatio = (scenario: string, a: string, b: string) => variantRatio(t, scenario, a, b, 'cpuPerReq')
  const add = (
    what: string,
    value: number | undefined,
    limit: number,
    atLeast: boolean,
    missing: string,
    cpu?: number,
    ceiling?: number,
  ) => {
    if (value === undefined) targets.push({ what, missing })
    else
      targets.push({
        what,
        measured: value,
        limit,
        atLeast,
        ...(cpu === undefined ? {} : { byCpu: 1 / cpu }),
        ...(ceiling === undefined ? {} : { ceiling }),
      })
  }
  const notMeasured = (id: string) =>
    t?.notMeasured.find((n) => n.variant.id === id)?.reason ?? (t ? 'not selected' : 'throughput not run')
  /** A req/s target of variant `a` against variant `b`; `withCeiling` adds plain Fastify against `b`. */
  const versus = (sc: Scenario, what: string, a: string, b: string, limit: number, withCeiling = false) =>
    add(
      `${what}, ${sc.label}`,
      rpsRatio(sc.id, a, b),
      limit,
      true,
      t?.runs.get(sc.id)?.get(a) ? notMeasured(b) : notMeasured(a),
      cpuRatio(sc.id, a, b),
      withCeiling ? rpsRatio(sc.id, 'fastify', b) : undefined,
    )
  for (const sc of scenarios) {
    versus(sc, 'Portico / Fastify req/s', 'portico', 'fastify', 0.97)
    add(
      `Portico / Fastify CPU/req, ${sc.label}`,
      cpuRatio(sc.id, 'portico', 'fastify'),
      1.03,
      false,
      notMeasured('portico'),
    )
    for (const v of ['portico-root', 'portico-root-bare', 'portico-forwarded']) {
      versus(sc, `${variants.find((x) => x.id === v)!.label} / Fastify req/s`, v, 'fastify', 0.95)
    }
    versus(
      sc,
      'Portico X-Forwarded-Prefix / Fastify sent the same header, req/s',
      'portico-forwarded',
      'fastify-xfp',
      0.95,
    )
    versus(sc, 'Portico / NestJS req/s', 'portico', 'nest', 1.25, true)
    versus(sc, 'Portico / FastAPI req/s', 'portico', 'fastapi', 2.5, true)
  }
  for (const c of d ?? []) {
    add(
      `/openapi.json per-request servers / static req/s, ${c.label}`,
      c.missing
        ? undefined
        : medianRatio(
            c.cached.map((x) => x.rps),
            c.static.map((x) => x.rps),
          ),
      0.9,
      true,
      c.missing ?? '',
      c.missing
        ? undefined
        : medianRatio(
            c.cached.map((x) => x.cpuPerReq),
            c.static.map((x) => x.cpuPerReq),
          ),
    )
  }
  if (!d) add('/openapi.json per-request servers / static req/s', undefined, 0.9, true, 'documents not run')
  const startupOf = (id: string) => s?.find((x) => x.id === id && !x.missing)
  const sp = startupOf('portico')
  const sf = startupOf('fastify')
  const sn = startupOf('nest')
  const startupMissing = s
    ? (s.find((x) => x.id === 'portico')?.missing ?? 'baseline missing')
    : 'startup not run'
  add(
    'Startup 1,000 routes, Portico / Fastify',
    sp && sf ? medianRatio(sp.firstResponseMs, sf.firstResponseMs) : undefined,
    1.2,
    false,
    startupMissing,
  )
  add(
    'Startup 1,000 routes, Portico / NestJS',
    sp && sn ? medianRatio(sp.firstResponseMs, sn.firstResponseMs) : undefined,
    0.5,
    false,
    startupMissing,
    undefined,
    sf && sn ? medianRatio(sf.firstResponseMs, sn.firstResponseMs) : undefined,
  )
  const verdict = (x: Target, value: number) =>
    (x.atLeast ? value >= x.limit : value <= x.limit) ? 'met' : '**missed**'
  const rows = targets.map((x) =>
    'missing' in x
      ? [x.what, 'not measured', '', 'NOT MEASURED', '', '']
      : [
          x.what,
          ratio(x.measured),
          `${x.atLeast ? '>=' : '<='} ${x.limit}x`,
          verdict(x, x.measured),
          x.byCpu === undefined ? '' : `${ratio(x.byCpu)} ${verdict(x, x.byCpu)}`,
          x.ceiling === undefined ? '' : `${ratio(x.ceiling)} ${verdict(x, x.ceiling)}`,
        ],
  )
  return `### Targets (issue 6), medians of per-round ratios\n\n${table(
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

/** The A/A control: a second Fastify process against the baseline, per scenario. */
function noiseFloor(t: ThroughputResults): string {
  const parts: string[] = []
  for (const sc of scenarios) {
    const rps = variantRatio(t, sc.id, 'fastify-aa', 'fastify', 'rps')
    const cpu = variantRatio(t, sc.id, 'fastify-aa', 'fastify', 'cpuPerReq')
    if (rps === undefined || cpu === undefined) continue
    parts.push(`${sc.label} ${ratio(rps)} (CPU/req ${ratio(cpu)})`)
  }
  if (parts.length === 0) return 'Noise floor: not measured (the A/A control runs in full runs only).'
  return `**Noise floor of this run** (A/A control: a second, identical Fastify process against the baseline, req/s): ${parts.join('; ')}. Ratios within that distance of 1.00x cannot be told apart from noise.`
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const tool = pickLoadTool(argv.tool)
  const machine = describeMachine(python ? [pythonModules(python)] : ['FastAPI: not installed'])
  const started = performance.now()
  const loadBefore = loadavg()
  log(
    `${quick ? 'quick' : 'full'} run: ${config.rounds} rounds x ${config.duration} s, ${config.connections} connections, load by ${tool}${pinning ? ', server on core 0, load on core 1' : ', NOT pinned (no taskset)'}`,
  )
  const t = await throughput(tool)
  const s = argv['no-startup'] ? undefined : await startup()
  const d = argv['no-docs'] ? undefined : await documents(tool)
  cleanupLoad()
  const elapsed = (performance.now() - started) / 1000
  const loadAfter = loadavg()
  const loads = (l: number[]) => l.map((x) => x.toFixed(2)).join(' / ')

  const sections = [
    `# Portico benchmark results${quick ? ' (quick run: indicative only)' : ''}`,
    `Measured ${machine.date} on ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.kernel}; ` +
      `Node.js ${machine.node}; ${machine.tools.join('; ')}.`,
    `Command: \`node dist/run.js${process.argv.slice(2).length ? ` ${process.argv.slice(2).join(' ')}` : ''}\` ` +
      `(${config.rounds} rounds of ${config.duration} s per variant and scenario, alternating variants, ${config.relaunch ? 'every server started afresh each round' : 'servers started once'} and warmed up for ${config.warmup} s per server on all the routes measured; ` +
      `load by ${tool}, ${pinning ? 'server pinned to core 0 and load generator to core 1 with taskset' : 'not pinned'}; took ${elapsed.toFixed(0)} s). ` +
      `Load average (1 / 5 / 15 min) before: ${loads(loadBefore)}, after: ${loads(loadAfter)}` +
      `${loadBefore[0]! > 0.5 || loadAfter[0]! > 2.5 ? ' (other work was running on the machine: trust ratios and CPU/request over raw req/s)' : ''}.`,
    targetsTable(t, s, d),
    noiseFloor(t),
    '## Throughput',
    throughputTables(t),
    ...(s ? ['## Startup', startupTable(s)] : []),
    ...(d ? ['## Documents', documentTables(d, s)] : []),
    'How to read these tables: bench/README.md.',
  ]
  const markdown = `${sections.join('\n\n')}\n`
  process.stdout.write(markdown)
  if (outFile) {
    writeFileSync(outFile, markdown)
    log(`written to ${outFile}`)
  }
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    void stopAll().finally(() => process.exit(130))
  })
}
try {
  await main()
} finally {
  await stopAll()
  cleanupLoad()
}
