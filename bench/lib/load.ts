/**
 * Load generation: wrk (Debian's, in C: one thread keeps up with a Node server on one core) when
 * installed, else autocannon in a child process. Either is pinned to its own core.
 */
import { execFile, execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export interface LoadRequest {
  method: 'GET' | 'POST'
  path: string
  headers: Record<string, string>
  body?: string
}

export interface LoadOptions {
  port: number
  request: LoadRequest
  connections: number
  /** Requests in flight per connection (HTTP/1.1 pipelining); 1 = none. */
  pipelining: number
  durationSeconds: number
  /** Command prefix that pins the load generator to its core, e.g. ['taskset', '-c', '1']. */
  pin: string[]
}

export interface LoadResult {
  requests: number
  seconds: number
  rps: number
  /** Latency percentiles in milliseconds. With pipelining, wrk times a whole batch of requests. */
  p50: number
  p99: number
  /** Non-2xx responses, socket errors and timeouts (a clean run has 0). */
  errors: number
}

export type LoadTool = 'wrk' | 'autocannon'

export function pickLoadTool(preferred?: string): LoadTool {
  if (preferred === 'autocannon') return 'autocannon'
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' })
    return 'wrk'
  } catch (error) {
    // wrk --version exits 1 but prints; a missing binary throws ENOENT.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      if (preferred === 'wrk') throw new Error('--tool wrk: wrk is not installed (apt-get install wrk)')
      return 'autocannon'
    }
    return 'wrk'
  }
}

let scriptDir: string | undefined

function luaString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`
}

/** A wrk script sending `pipelining` copies of the request per batch and printing a JSON summary. */
function wrkScript(request: LoadRequest, pipelining: number): string {
  const headers = Object.entries(request.headers)
    .map(([k, v]) => `wrk.headers[${luaString(k)}] = ${luaString(v)}`)
    .join('\n')
  const batch =
    pipelining > 1
      ? `
init = function(args)
  local r = {}
  for i = 1, ${pipelining} do r[i] = wrk.format(nil, nil) end
  batch = table.concat(r)
end
request = function() return batch end
`
      : ''
  return `wrk.method = ${luaString(request.method)}
wrk.path = ${luaString(request.path)}
${request.body === undefined ? '' : `wrk.body = ${luaString(request.body)}`}
${headers}
${batch}
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('BENCHJSON {"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,"errors":%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.status + e.timeout))
end
`
}

/** A wrk script cycling through `requests` (one per call, no pipelining): warms every route at once. */
function wrkMixedScript(requests: LoadRequest[]): string {
  const formatted = requests
    .map((r) => {
      const headers = Object.entries(r.headers)
        .map(([k, v]) => `[${luaString(k)}] = ${luaString(v)}`)
        .join(', ')
      const body = r.body === undefined ? 'nil' : luaString(r.body)
      return `wrk.format(${luaString(r.method)}, ${luaString(r.path)}, { ${headers} }, ${body})`
    })
    .join(',\n    ')
  return `init = function(args)
  requests = {
    ${formatted}
  }
  n = 0
end
request = function()
  n = n % #requests + 1
  return requests[n]
end
`
}

function run(command: string, args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout: timeoutMs, maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command} ${args.join(' ')} failed: ${error.message}\n${stderr}`))
      else resolve(stdout)
    })
  })
}

function parseSummary(stdout: string): Record<string, number> {
  const line = stdout.split('\n').find((l) => l.startsWith('BENCHJSON '))
  if (!line) throw new Error(`load generator printed no summary:\n${stdout}`)
  return JSON.parse(line.slice('BENCHJSON '.length))
}

export async function runLoad(tool: LoadTool, options: LoadOptions): Promise<LoadResult> {
  return tool === 'wrk' ? runWrk(options) : runAutocannon(options)
}

/** Runs wrk with `scriptText` against `o.port` (one thread, pinned), returning what it printed. */
async function runWrkScript(
  o: Pick<LoadOptions, 'port' | 'connections' | 'durationSeconds' | 'pin'>,
  scriptText: string,
): Promise<string> {
  scriptDir ??= mkdtempSync(path.join(tmpdir(), 'portico-bench-'))
  const script = path.join(scriptDir, `s${Math.random().toString(36).slice(2)}.lua`)
  writeFileSync(script, scriptText)
  try {
    const args = [
      'wrk',
      '-t1',
      `-c${o.connections}`,
      `-d${o.durationSeconds}s`,
      '--timeout',
      '10s',
      '-s',
      script,
      `http://127.0.0.1:${o.port}`,
    ]
    return await run(
      o.pin[0] ?? 'wrk',
      o.pin.length ? [...o.pin.slice(1), ...args] : args.slice(1),
      o.durationSeconds * 1000 + 30_000,
    )
  } finally {
    rmSync(script, { force: true })
  }
}

async function runWrk(o: LoadOptions): Promise<LoadResult> {
  const stdout = await runWrkScript(o, wrkScript(o.request, o.pipelining))
  const s = parseSummary(stdout)
  const seconds = s.duration_us! / 1e6
  return {
    requests: s.requests!,
    seconds,
    rps: s.requests! / seconds,
    p50: s.p50_us! / 1000,
    p99: s.p99_us! / 1000,
    errors: s.errors!,
  }
}

async function runAutocannon(o: LoadOptions): Promise<LoadResult> {
  const worker = fileURLToPath(new URL('./autocannon-worker.js', import.meta.url))
  const args = [process.execPath, worker, JSON.stringify(o)]
  const command = o.pin.length ? o.pin[0]! : args.shift()!
  const stdout = await run(
    command,
    o.pin.length ? [...o.pin.slice(1), ...args] : args,
    o.durationSeconds * 1000 + 30_000,
  )
  const s = parseSummary(stdout)
  return {
    requests: s.requests!,
    seconds: s.seconds!,
    rps: s.requests! / s.seconds!,
    p50: s.p50!,
    p99: s.p99!,
    errors: s.errors!,
  }
}

/**
 * Sends `requests` in turn for `durationSeconds` (wrk cycles through them in one run; autocannon runs
 * them one after the other), so that a fresh server has compiled every route before it is measured.
 */
export async function warmUp(
  tool: LoadTool,
  o: Omit<LoadOptions, 'request' | 'pipelining'> & { requests: LoadRequest[] },
): Promise<void> {
  if (tool === 'autocannon') {
    for (const request of o.requests) await runLoad(tool, { ...o, request, pipelining: 1 })
    return
  }
  await runWrkScript(o, wrkMixedScript(o.requests))
}

/** Removes the temporary wrk scripts directory. */
export function cleanupLoad(): void {
  if (scriptDir) rmSync(scriptDir, { recursive: true, force: true })
  scriptDir = undefined
}
