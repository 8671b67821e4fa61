/** One measurement of one server: load for a while, with the server's CPU time and memory around it. */
import type { Bench } from '../context.js'
import { type LoadRequest, runLoad } from '../lib/load.js'
import { cpuMicros, rssBytes } from '../lib/proc.js'
import { freePort, type RunningServer, startServer } from '../lib/server.js'
import type { ServerDef } from '../servers.js'

export interface Run {
  rps: number
  p50: number
  p99: number
  cpuPerReq: number
  rss: number
  errors: number
}

/** Starts a server of the catalogue on a free port, pinned to the server core. */
export async function launch(bench: Bench, def: ServerDef): Promise<RunningServer> {
  const port = await freePort()
  const spec = { ...def.spec!, args: def.spec!.args.map((a) => (a === '{PORT}' ? String(port) : a)) }
  return startServer(spec, port, bench.pinning.server)
}

export async function measure(
  bench: Bench,
  server: RunningServer,
  request: LoadRequest,
  pipelining: number,
  duration: number,
): Promise<Run> {
  const cpuBefore = cpuMicros(server.pid)
  const load = await runLoad(bench.tool, {
    port: server.port,
    request,
    connections: bench.config.connections,
    pipelining,
    durationSeconds: duration,
    pin: bench.pinning.load,
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
