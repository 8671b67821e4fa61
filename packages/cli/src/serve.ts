import type { AddressInfo } from 'node:net'
import { rootPathOf } from '@portico/root-path'
import type { FastifyInstance } from 'fastify'
import { serverAccessLine } from './access-line.js'
import { firstLine, PORTICO_ERR_CLI_ADDRESS_IN_USE, PORTICO_ERR_CLI_LISTEN_FAILED } from './errors.js'
import { applyServerTimeouts, effectiveLimits, limitChunkedBodies, type ServerLimits } from './limits.js'
import { loadApp, readyApp } from './load-app.js'
import {
  type LogDestination,
  type LogFormat,
  openLogDestination,
  resolveLogFormat,
} from './log-destination.js'
import { RequestGate } from './request-gate.js'
import type { ExplicitRuntime, PorticoRuntime } from './runtime.js'
import type { LogLevel } from './values.js'

/** The levels at which `info` lines (the access line) are written. */
const WRITES_INFO: ReadonlySet<LogLevel> = new Set(['info', 'debug', 'trace'])

/** Resolved options of `portico run`. */
export interface RunOptions {
  module: string
  host: string
  port: number
  rootPath?: string
  trustProxy: true | string[]
  forwardedPrefix: boolean
  /** `--allowed-hosts`; absent when not given (the app's own `allowedHosts` applies). */
  allowedHosts?: string[]
  workers: number
  logLevel: LogLevel
  /** `--access-log` / `--no-access-log`. */
  accessLog: boolean
  /** `--log-format`. */
  logFormat: LogFormat
  /** `--schema-cache`; absent when off. */
  schemaCache?: string
  gracefulTimeoutSeconds: number
  explicit: ExplicitRuntime
  /** Timeouts and limits of the server (`--timeout-request`, `--limit-concurrency`, ...). */
  limits: ServerLimits
  /** The limit flags given on the command line or in the environment (e.g. `timeout-request`). */
  limitsGiven: ReadonlySet<string>
}

/** A started server and the line that announces it. */
export interface StartedServer {
  app: FastifyInstance
  /** The gate in front of the app's handler: concurrency and body limits, graceful drain. */
  gate: RequestGate
  /** The app's log destination (buffered stdout), flushed once the server has stopped. */
  log: LogDestination
  port: number
  /** `Portico running on http://127.0.0.1:8000/api/v1 (docs: http://127.0.0.1:8000/api/v1/docs)` */
  banner: string
}

/** The runtime handed to a factory export, from the run options and the log destination. */
export function runtimeOf(options: RunOptions, log: LogDestination): PorticoRuntime {
  return {
    ...(options.rootPath !== undefined ? { rootPath: options.rootPath } : {}),
    trustProxy: options.trustProxy,
    forwardedPrefix: options.forwardedPrefix,
    ...(options.allowedHosts !== undefined ? { allowedHosts: options.allowedHosts } : {}),
    logger: { level: options.logLevel, stream: log.stream },
    // The server writes the access line (see startServer), so the app must write none of its own.
    accessLog: false,
    ...(options.schemaCache !== undefined ? { schemaCache: options.schemaCache } : {}),
  }
}

/**
 * Loads the module's app, boots it, applies the server limits (limits.ts) with the request gate in
 * front of its handler, and listens on the host and port of `options`.
 */
export async function startServer(options: RunOptions): Promise<StartedServer> {
  const log = openLogDestination(resolveLogFormat(options.logFormat, process.stdout.isTTY))
  const runtime = runtimeOf(options, log)
  const { app, kind } = await loadApp(options.module, 'run', runtime, options.explicit)
  const limits = effectiveLimits(app, options.limits, options.limitsGiven)
  if (limits.bodyLimit !== undefined) limitChunkedBodies(app, limits.bodyLimit, options.module)
  await readyApp(app)
  applyServerTimeouts(app.server, limits)
  // uvicorn's access log, from the gate's own end-of-response listener: for an app the factory built
  // with the runtime (a built instance logs as it was built to), when `info` lines are written.
  const accessLine =
    options.accessLog && kind === 'factory' && WRITES_INFO.has(options.logLevel)
      ? serverAccessLine(log.stream, options.trustProxy)
      : undefined
  const gate = new RequestGate(app.server, limits, accessLine)
  const where = `${hostForUrl(options.host)}:${options.port}`
  try {
    await app.listen({ host: options.host, port: options.port })
  } catch (error) {
    const code = (error as { code?: string }).code
    if (code === 'EADDRINUSE') throw new PORTICO_ERR_CLI_ADDRESS_IN_USE(where, { cause: error })
    throw new PORTICO_ERR_CLI_LISTEN_FAILED(where, firstLine(error), { cause: error })
  }
  const port = (app.server.address() as AddressInfo).port
  const base = `http://${hostForUrl(options.host)}:${port}${options.rootPath ?? rootPathOf(app)}`
  const docs = app.hasRoute({ method: 'GET', url: '/docs' }) ? ` (docs: ${base}/docs)` : ''
  return { app, gate, log, port, banner: `Portico running on ${base}${docs}` }
}

/** `host` as written in a URL (IPv6 in brackets). */
export function hostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host
}
