/**
 * Profiles one benchmark server under load: starts it with `node --cpu-prof` pinned to core 0, loads
 * it for a few seconds from core 1 with wrk or autocannon, stops it and prints the functions with the
 * most self time (and the .cpuprofile path, for Chrome DevTools).
 *
 *   node dist/profile.js <app file in dist/apps> [--env K=V ...] [--path /app] [--header k:v ...]
 *                        [--method POST --body JSON] [--pipelining N] [--duration S] [--top N]
 *                        [--run [--run-arg ARG ...]]
 *
 * `--run` serves the app as users do, through the real `portico run` bin (stdout to /dev/null), with
 * the `--run-arg`s as its flags: `node dist/profile.js seed.js --run --path /api/v1/app` profiles the
 * seed with `portico run`'s defaults, `--run-arg=--no-access-log` without its access log.
 *
 * `--duration 0` profiles the startup only: up to the first successful response.
 *
 * Example: node dist/profile.js portico.js --env PORTICO_MODE=forwarded --path /openapi.json \
 *            --header x-forwarded-prefix:/api/v1
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { type ParseArgsConfig, parseArgs } from 'node:util'
import { cleanupLoad, pickLoadTool, runLoad } from './lib/load.js'
import { freePort, startServer, stopAll, waitForResponse } from './lib/server.js'
import { porticoBin } from './servers.js'

const USAGE = `usage: node dist/profile.js <app file in dist/apps> [--env K=V ...] [--path /app] [--header k:v ...]
                           [--method POST --body JSON] [--pipelining N] [--duration S (0: startup only)] [--top N]
                           [--run [--run-arg ARG ...]]
`

function argsOrExit() {
  try {
    return parseArgs({ allowPositionals: true, options: OPTIONS })
  } catch (error) {
    // An unknown option or a missing value: say which, and how it is called (not a stack trace).
    process.stderr.write(`profile: ${(error as Error).message}\n${USAGE}`)
    process.exit(2)
  }
}

const OPTIONS = {
  env: { type: 'string', multiple: true, default: [] },
  path: { type: 'string', default: '/app' },
  header: { type: 'string', multiple: true, default: [] },
  method: { type: 'string', default: 'GET' },
  body: { type: 'string' },
  pipelining: { type: 'string', default: '1' },
  duration: { type: 'string', default: '5' },
  top: { type: 'string', default: '30' },
  run: { type: 'boolean', default: false },
  'run-arg': { type: 'string', multiple: true, default: [] },
  help: { type: 'boolean', default: false },
} satisfies ParseArgsConfig['options']
const { values, positionals } = argsOrExit()
if (values.help) {
  process.stdout.write(USAGE)
  process.exit(0)
}
const file = positionals[0]
if (!file) {
  process.stderr.write(USAGE)
  process.exit(2)
}

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}
interface Profile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
}

class StartupOnly extends Error {}

const here = path.dirname(fileURLToPath(import.meta.url))
const dir = mkdtempSync(path.join(tmpdir(), 'portico-profile-'))
const env = Object.fromEntries(values.env.map((e) => e.split(/=(.*)/s).slice(0, 2) as [string, string]))
const headers = Object.fromEntries(
  values.header.map((h) => h.split(/:(.*)/s).slice(0, 2) as [string, string]),
)
if (values.body !== undefined) headers['content-type'] ??= 'application/json'

const port = await freePort()
const server = startServer(
  {
    command: process.execPath,
    args: [
      '--cpu-prof',
      `--cpu-prof-dir=${dir}`,
      ...(values.run
        ? [porticoBin, 'run', path.join(here, 'apps', file), '--host', '127.0.0.1', ...values['run-arg']]
        : [path.join(here, 'apps', file)]),
    ],
    env: { NODE_ENV: 'production', ...env },
    ...(values.run ? { stdout: 'null' as const } : {}),
  },
  port,
  ['taskset', '-c', '0'],
)
try {
  await waitForResponse(server, { path: values.path, method: values.method, headers, body: values.body })
  if (Number(values.duration) === 0) throw new StartupOnly()
  const result = await runLoad(pickLoadTool(), {
    port,
    request: { method: values.method as 'GET' | 'POST', path: values.path, headers, body: values.body },
    connections: 100,
    pipelining: Number(values.pipelining),
    durationSeconds: Number(values.duration),
    pin: ['taskset', '-c', '1'],
  })
  process.stdout.write(`${Math.round(result.rps)} req/s under the profiler (${result.errors} errors)\n`)
} catch (error) {
  // --duration 0: profile the startup only (up to the first successful response).
  if (!(error instanceof StartupOnly)) throw error
} finally {
  await server.stop()
  await stopAll()
  cleanupLoad()
}

const profileFile = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'))
if (!profileFile) throw new Error(`no .cpuprofile written in ${dir}`)
const profile = JSON.parse(readFileSync(path.join(dir, profileFile), 'utf8')) as Profile
const byId = new Map(profile.nodes.map((n) => [n.id, n]))
const self = new Map<string, number>()
let total = 0
for (let i = 0; i < profile.samples.length; i++) {
  const node = byId.get(profile.samples[i]!)!
  const dt = profile.timeDeltas[i] ?? 0
  total += dt
  const { functionName, url, lineNumber } = node.callFrame
  const where = url
    ? `${url.replace(/^file:\/\//, '').replace(/^.*node_modules\//, '')}:${lineNumber + 1}`
    : ''
  const key = `${functionName || '(anonymous)'} ${where}`.trim()
  self.set(key, (self.get(key) ?? 0) + dt)
}
// Self time by package: where a framework layer's cost shows up as a whole.
const byPackage = new Map<string, number>()
for (let i = 0; i < profile.samples.length; i++) {
  const { url, functionName } = byId.get(profile.samples[i]!)!.callFrame
  const pkg =
    /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules\/)/.exec(url)?.[1] ??
    /\/packages\/([^/]+)\//.exec(url)?.[1]?.replace(/^/, '@portico/') ??
    (/\/bench\//.test(url)
      ? 'bench app'
      : url.startsWith('node:')
        ? 'node internals'
        : functionName || '(native)')
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + (profile.timeDeltas[i] ?? 0))
}
process.stdout.write('self time by package:\n')
for (const [pkg, us] of [...byPackage.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15)) {
  process.stdout.write(`${((100 * us) / total).toFixed(1).padStart(5)}%  ${pkg}\n`)
}
const rows = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top))
process.stdout.write(
  `self time, top ${rows.length} of ${self.size} functions (total ${(total / 1000).toFixed(0)} ms):\n`,
)
for (const [key, us] of rows) {
  process.stdout.write(`${((100 * us) / total).toFixed(1).padStart(5)}%  ${key}\n`)
}
process.stdout.write(`profile: ${path.join(dir, profileFile)}\n`)
