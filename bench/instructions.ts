/**
 * CPU cost per request as instructions, counted by valgrind (callgrind), for machines too noisy for
 * timed ratios: the same server processes the throughput suite starts, each run under callgrind with
 * V8 on one thread (`--single-threaded`: no concurrent compiler or GC threads whose work lands in a
 * window at random), warmed up, then measured over windows of exactly N requests. A window's count is
 * the server's own user-space instructions (the kernel's share of a request, its syscalls, is not in
 * it). One server at a time, on core 0, with this process sending the requests from core 1: a server
 * that shares its core does fewer requests per event-loop turn, and the work of a turn (timers, the
 * poll, a batch of log lines) is then spread over fewer requests. The baseline runs twice, in two
 * processes: that A/A row is the noise floor.
 *
 *   node dist/instructions.js [--only id,id] [--scenarios get,post] [--requests N] [--windows K]
 *                             [--warmup N] [--connections N] [--out FILE]
 *
 * The first id of --only is the baseline (default: fastify-prefix, then the `portico run` rows,
 * fastify-log and fastify-log-silent).
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { type ParseArgsConfig, parseArgs } from 'node:util'
import { withoutLeadingSeparators } from './config.js'
import { sendCounted } from './lib/counted-load.js'
import { detectPinning } from './lib/pinning.js'
import {
  freePort,
  type RunningServer,
  type ServerSpec,
  startServer,
  stopAll,
  waitForResponse,
} from './lib/server.js'
import { serverCatalogue } from './servers.js'
import { allScenarios, type Scenario, type Variant, variant } from './variants.js'

const USAGE = `usage: node dist/instructions.js [--only id,id] [--scenarios get,post] [--requests N] [--windows K]
                                 [--warmup N] [--connections N] [--out FILE]
`

const DEFAULT_ONLY = [
  'fastify-prefix',
  'seed-run',
  'seed-run-noaccess',
  'seed-run-warn',
  'fastify-log',
  // What Fastify's own logger costs per request when it writes nothing.
  'fastify-log-silent',
]

const OPTIONS = {
  only: { type: 'string', default: DEFAULT_ONLY.join(',') },
  scenarios: { type: 'string', default: 'get' },
  requests: { type: 'string', default: '10000' },
  windows: { type: 'string', default: '3' },
  warmup: { type: 'string', default: '20000' },
  connections: { type: 'string', default: '10' },
  out: { type: 'string' },
  help: { type: 'boolean', default: false },
} satisfies ParseArgsConfig['options']

/** What the command line asks for. */
export interface InstructionOptions {
  variants: Variant[]
  scenarios: Scenario[]
  requests: number
  windows: number
  warmup: number
  connections: number
  out?: string
}

function positive(name: string, text: string, min = 1): number {
  const value = Number(text)
  if (!Number.isInteger(value) || value < min)
    throw new Error(`--${name} must be an integer >= ${min}, got ${JSON.stringify(text)}`)
  return value
}

/**
 * Parses the command line (no server is started); throws an Error naming the bad argument.
 *
 * @example
 * parseInstructionOptions(['--only', 'fastify-prefix,seed-run', '--windows', '4']).windows // 4
 */
export function parseInstructionOptions(args: string[]): InstructionOptions | 'help' {
  // The `--` a package manager hands on is dropped as run.js drops it; anything else positional is a mistake.
  const { values, positionals } = parseArgs({
    args: withoutLeadingSeparators(args),
    options: OPTIONS,
    allowPositionals: true,
  })
  if (values.help) return 'help'
  if (positionals.length > 0) throw new Error(`unexpected argument ${JSON.stringify(positionals[0])}`)
  const ids = values.only.split(',').filter(Boolean)
  if (ids.length === 0) throw new Error('--only names no variant')
  const scenarios = values.scenarios.split(',').map((id) => {
    const scenario = allScenarios.find((s) => s.id === id)
    if (!scenario)
      throw new Error(
        `unknown scenario ${JSON.stringify(id)} (known: ${allScenarios.map((s) => s.id).join(', ')})`,
      )
    if (scenario.pipelining !== 1)
      throw new Error(`scenario ${id}: pipelined scenarios are not counted (a window is N requests)`)
    return scenario
  })
  return {
    variants: ids.map((id) => variant(id)),
    scenarios,
    requests: positive('requests', values.requests),
    windows: positive('windows', values.windows, 2),
    warmup: positive('warmup', values.warmup, 0),
    connections: positive('connections', values.connections),
    ...(values.out !== undefined ? { out: values.out } : {}),
  }
}

/** A server under callgrind, and where its dumps go. */
interface CountedServer {
  label: string
  variant: Variant
  server: RunningServer
  dir: string
}

function callgrindSpec(spec: ServerSpec, dir: string): ServerSpec {
  if (spec.command !== process.execPath) throw new Error(`${spec.command}: only Node.js servers are counted`)
  return {
    ...spec,
    command: 'valgrind',
    args: [
      '--tool=callgrind',
      '--cache-sim=no',
      '--branch-sim=no',
      // V8 writes the code it compiles: valgrind must see that code change.
      '--smc-check=all-non-file',
      `--callgrind-out-file=${path.join(dir, 'cg.%p')}`,
      process.execPath,
      '--single-threaded',
      ...spec.args,
    ],
  }
}

async function start(
  label: string,
  v: Variant,
  specs: Map<string, ServerSpec>,
  pin: string[],
): Promise<CountedServer> {
  const spec = specs.get(v.server)
  if (!spec) throw new Error(`variant ${v.id}: its server ${v.server} cannot run here`)
  const dir = mkdtempSync(path.join(tmpdir(), 'portico-instructions-'))
  const server = startServer(callgrindSpec(spec, dir), await freePort(), pin)
  const probe = allScenarios[0]!.request(v)
  // Ten to fifty times slower under callgrind: startup takes tens of seconds.
  await waitForResponse(
    server,
    { path: probe.path, headers: probe.headers },
    { timeoutMs: 600_000, intervalMs: 500 },
  )
  return { label, variant: v, server, dir }
}

function dumps(counted: CountedServer): string[] {
  return readdirSync(counted.dir).filter((f) => f.startsWith(`cg.${counted.server.pid}.`))
}

/** Instructions the server executed since the last zeroing, read from the dump callgrind writes. */
async function dumpTotal(counted: CountedServer): Promise<number> {
  const before = dumps(counted).length
  execFileSync('callgrind_control', ['-d', String(counted.server.pid)], { stdio: 'ignore' })
  for (let i = 0; i < 600; i++) {
    const files = dumps(counted)
    if (files.length > before) {
      const newest = files.sort((a, b) => Number(a.split('.').pop()) - Number(b.split('.').pop())).at(-1)!
      const match = /^totals: (\d+)/m.exec(readFileSync(path.join(counted.dir, newest), 'utf8'))
      if (match) return Number(match[1])
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`${counted.label}: callgrind wrote no dump`)
}

/** Instructions per request of each window, after the warm-up. */
async function measure(counted: CountedServer, scenario: Scenario, o: InstructionOptions): Promise<number[]> {
  const request = scenario.request(counted.variant)
  if (o.warmup > 0) await sendCounted(counted.server.port, request, o.warmup, o.connections)
  const perRequest: number[] = []
  for (let w = 0; w < o.windows; w++) {
    execFileSync('callgrind_control', ['-z', String(counted.server.pid)], { stdio: 'ignore' })
    await sendCounted(counted.server.port, request, o.requests, o.connections)
    perRequest.push((await dumpTotal(counted)) / o.requests)
  }
  return perRequest
}

/**
 * The mean of the windows after the first, which still holds the tail of the warm-up's compilation.
 * A mean, not a median: work a server does now and then (a batch of log lines, a GC) belongs in its
 * cost per request.
 */
const settled = (windows: number[]): number => {
  const counted = windows.slice(1)
  return counted.reduce((sum, w) => sum + w, 0) / counted.length
}

function table(scenario: Scenario, rows: { label: string; windows: number[] }[]): string {
  const base = settled(rows[0]!.windows)
  const lines = [
    `### ${scenario.label}`,
    '',
    '| Variant | instructions / request (windows) | vs baseline (by instructions) | req/s equivalent |',
    '| :-- | --: | --: | --: |',
  ]
  for (const row of rows) {
    const own = settled(row.windows)
    const shown = row.windows.map((w) => Math.round(w).toLocaleString('en-US')).join(', ')
    lines.push(
      `| ${row.label} | ${Math.round(own).toLocaleString('en-US')} (${shown}) | ${(own / base).toFixed(2)}x | ${(base / own).toFixed(2)}x |`,
    )
  }
  return lines.join('\n')
}

async function main(): Promise<void> {
  let options: InstructionOptions | 'help'
  try {
    options = parseInstructionOptions(process.argv.slice(2))
  } catch (error) {
    process.stderr.write(`instructions: ${(error as Error).message}\n${USAGE}`)
    process.exit(2)
  }
  if (options === 'help') {
    process.stdout.write(USAGE)
    return
  }
  try {
    execFileSync('valgrind', ['--version'], { stdio: 'ignore' })
  } catch {
    process.stderr.write('instructions: valgrind is not installed (apt-get install valgrind)\n')
    process.exit(2)
  }
  const specs = new Map(
    serverCatalogue(undefined).flatMap((def) => (def.spec ? [[def.id, def.spec] as const] : [])),
  )
  const [baseline, ...others] = options.variants
  const entries: [string, Variant][] = [
    [`${baseline!.label} (baseline)`, baseline!],
    [`${baseline!.label} (A/A: a second process)`, baseline!],
    ...others.map((v): [string, Variant] => [v.label, v]),
  ]
  const results = new Map<string, Map<string, number[]>>()
  const o = options
  const pinning = detectPinning()
  // This process is the load generator: core 1, the server core 0.
  if (pinning.pinned) execFileSync('taskset', ['-cp', '1', String(process.pid)], { stdio: 'ignore' })
  try {
    for (const [label, v] of entries) {
      process.stderr.write(`instructions: ${label}...\n`)
      const counted = await start(label, v, specs, pinning.server)
      try {
        const byScenario = new Map<string, number[]>()
        for (const scenario of o.scenarios) byScenario.set(scenario.id, await measure(counted, scenario, o))
        results.set(label, byScenario)
      } finally {
        await counted.server.stop()
        rmSync(counted.dir, { recursive: true, force: true })
      }
    }
  } finally {
    await stopAll()
  }
  const report = [
    `## Instructions per request (callgrind), ${new Date().toISOString()}`,
    '',
    `Command: \`node dist/instructions.js ${process.argv.slice(2).join(' ')}\`${pinning.pinned ? '' : ' (not pinned: taskset is missing)'}. Windows of ${o.requests} requests after ${o.warmup} of warm-up, ${o.connections} connections; the mean of the windows after the first. "req/s equivalent" is the baseline's count over the row's: what the row's throughput ratio would be if a request cost its instructions and nothing else (the kernel's share is not counted).`,
    '',
    ...o.scenarios.flatMap((scenario) => [
      table(
        scenario,
        entries.map(([label]) => ({ label, windows: results.get(label)!.get(scenario.id)! })),
      ),
      '',
    ]),
  ].join('\n')
  process.stdout.write(`${report}\n`)
  if (o.out) writeFileSync(o.out, `${report}\n`)
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  await main()
}
