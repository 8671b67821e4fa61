import type { AddressInfo } from 'node:net'
import { rootPathOf } from '@portico/root-path'
import type { FastifyInstance } from 'fastify'
import { firstLine, PORTICO_ERR_CLI_ADDRESS_IN_USE, PORTICO_ERR_CLI_LISTEN_FAILED } from './errors.js'
import { loadApp, readyApp } from './load-app.js'
import type { ExplicitRuntime, PorticoRuntime } from './runtime.js'
import type { LogLevel } from './values.js'

/** Resolved options of `portico run`. */
export interface RunOptions {
  module: string
  host: string
  port: number
  rootPath?: string
  trustProxy: true | string[]
  forwardedPrefix: boolean
  workers: number
  logLevel: LogLevel
  gracefulTimeoutSeconds: number
  explicit: ExplicitRuntime
}

/** A started server and the line that announces it. */
export interface StartedServer {
  app: FastifyInstance
  port: number
  /** `Portico running on http://127.0.0.1:8000/api/v1 (docs: http://127.0.0.1:8000/api/v1/docs)` */
  banner: string
}

/** The runtime handed to a factory export, from the run options. */
export function runtimeOf(options: RunOptions): PorticoRuntime {
  return {
    ...(options.rootPath !== undefined ? { rootPath: options.rootPath } : {}),
    trustProxy: options.trustProxy,
    forwardedPrefix: options.forwardedPrefix,
    logger: { level: options.logLevel },
  }
}

/** Loads the module's app, boots it and listens on the host and port of `options`. */
export async function startServer(options: RunOptions): Promise<StartedServer> {
  const runtime = runtimeOf(options)
  const { app } = await loadApp(options.module, 'run', runtime, options.explicit)
  await readyApp(app)
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
  return { app, port, banner: `Portico running on ${base}${docs}` }
}

/**
 * Resolves when the server has shut down after SIGTERM or SIGINT: it stops accepting connections,
 * lets in-flight requests finish and resolves 0; after `timeoutSeconds` (or, when
 * `forceOnSecondSignal`, on a second signal) it resolves 1 so that the process exits anyway.
 * `alsoOn` lists extra triggers (a cluster worker also stops when the primary goes away).
 */
export function untilShutdown(
  app: FastifyInstance,
  timeoutSeconds: number,
  { forceOnSecondSignal, alsoOn }: { forceOnSecondSignal: boolean; alsoOn?: (stop: () => void) => void },
): Promise<number> {
  return new Promise((resolve) => {
    let stopping = false
    const stop = (reason: string) => {
      if (stopping) {
        if (forceOnSecondSignal) {
          process.stderr.write(`portico: ${reason} again; exiting without waiting for in-flight requests\n`)
          resolve(1)
        }
        return
      }
      stopping = true
      process.stderr.write(`portico: ${reason}; finishing in-flight requests (up to ${timeoutSeconds} s)\n`)
      const timer = setTimeout(() => {
        process.stderr.write(
          `portico: in-flight requests did not finish within ${timeoutSeconds} s; forcing exit\n`,
        )
        resolve(1)
      }, timeoutSeconds * 1000)
      app.close().then(
        () => {
          clearTimeout(timer)
          resolve(0)
        },
        (error: unknown) => {
          clearTimeout(timer)
          process.stderr.write(`portico: error while shutting down: ${firstLine(error)}\n`)
          resolve(1)
        },
      )
    }
    process.on('SIGTERM', () => stop('SIGTERM received'))
    process.on('SIGINT', () => stop('SIGINT received'))
    alsoOn?.(() => stop('primary process gone'))
  })
}

/** `host` as written in a URL (IPv6 in brackets). */
export function hostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host
}
