/** Starting benchmarked servers as separate processes pinned to one core, and waiting for them. */
import { type ChildProcess, spawn } from 'node:child_process'
import net from 'node:net'

export interface ServerSpec {
  /** Executable and arguments (the driver prefixes `taskset -c <core>` when taskset exists). */
  command: string
  args: string[]
  cwd?: string
  env?: Record<string, string>
  /**
   * Where the server's stdout goes: `pipe` (default; kept for error messages) or `null`, /dev/null,
   * for servers that log every request: the sink costs them nothing beyond the write(2) itself, the
   * same for every logging variant, and the driver does not spend the load core reading it.
   */
  stdout?: 'pipe' | 'null'
}

export interface RunningServer {
  pid: number
  port: number
  child: ChildProcess
  /** Everything the process wrote, for error messages. */
  output(): string
  stop(): Promise<void>
}

const running = new Set<RunningServer>()

/** A port that was free on 127.0.0.1 a moment ago. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer()
    probe.unref()
    probe.on('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo
      probe.close(() => resolve(port))
    })
  })
}

export function startServer(spec: ServerSpec, port: number, pin: string[]): RunningServer {
  const [command, ...args] = [...pin, spec.command, ...spec.args]
  const child = spawn(command!, args, {
    cwd: spec.cwd,
    env: { ...process.env, ...spec.env, PORT: String(port) },
    stdio: ['ignore', spec.stdout === 'null' ? 'ignore' : 'pipe', 'pipe'],
  })
  let output = ''
  const keep = (chunk: Buffer) => {
    if (output.length < 20_000) output += chunk.toString('utf8')
  }
  child.stdout?.on('data', keep)
  child.stderr!.on('data', keep)
  const server: RunningServer = {
    pid: child.pid!,
    port,
    child,
    output: () => output,
    stop: () => stopChild(child).finally(() => running.delete(server)),
  }
  running.add(server)
  return server
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 3000)
    child.once('exit', () => {
      clearTimeout(force)
      resolve()
    })
    child.kill('SIGTERM')
  })
}

/** Stops every server still running (on error or interrupt). */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((s) => s.stop()))
}

export interface ProbeRequest {
  method?: string
  path: string
  headers?: Record<string, string>
  body?: string
}

/** Sends `probe` to the server on `port` and reads the whole body. */
async function send(port: number, probe: ProbeRequest): Promise<Response> {
  const res = await fetch(`http://127.0.0.1:${port}${probe.path}`, {
    method: probe.method ?? 'GET',
    headers: probe.headers,
    body: probe.body,
  })
  await res.arrayBuffer()
  return res
}

/**
 * Sends the request until it gets a 2xx (connection refused while the server boots), polling every
 * `intervalMs`. Returns the time of the first success, or throws after `timeoutMs` or if the
 * process exits.
 */
export async function waitForResponse(
  server: RunningServer,
  probe: ProbeRequest,
  { timeoutMs = 30_000, intervalMs = 2 } = {},
): Promise<number> {
  const deadline = performance.now() + timeoutMs
  for (;;) {
    if (server.child.exitCode !== null || server.child.signalCode !== null) {
      throw new Error(
        `server exited (${server.child.exitCode ?? server.child.signalCode}):\n${server.output()}`,
      )
    }
    try {
      if ((await send(server.port, probe)).ok) return performance.now()
    } catch {
      // not listening yet
    }
    if (performance.now() > deadline)
      throw new Error(`no 2xx from ${probe.path} within ${timeoutMs} ms:\n${server.output()}`)
    await new Promise((r) => setTimeout(r, intervalMs))
  }
}

/** Milliseconds from sending `probe` to the end of its body; throws unless the answer is a 2xx. */
export async function timeRequest(port: number, probe: ProbeRequest): Promise<number> {
  const start = performance.now()
  const res = await send(port, probe)
  const end = performance.now()
  if (!res.ok) throw new Error(`${probe.path} answered ${res.status}`)
  return end - start
}
