import type { FastifyInstance } from 'fastify'
import { firstLine } from './errors.js'
import type { RequestGate } from './request-gate.js'

/** What `untilShutdown` stops: the app, the gate in front of its server, and its log destination. */
export interface Stoppable {
  app: FastifyInstance
  gate: RequestGate
  /** The buffered log destination, flushed last (log-destination.ts). */
  log: { flush(): Promise<void> }
}

/**
 * Stops the server without losing a request that was sent: the gate drains the connections (stops
 * accepting, answers everything received, `Connection: close` on the last response of each busy
 * connection, idle ones closed; see RequestGate.drain), then `app.close()` runs the app's onClose
 * hooks (database pools and the like) once no request can need them any more, and the log's
 * buffered lines are written out: the access lines of every request answered are in the output.
 *
 * @example
 * await closeGracefully({ app, gate, log })
 */
export async function closeGracefully({ app, gate, log }: Stoppable): Promise<void> {
  try {
    await gate.drain()
    await app.close()
  } finally {
    await log.flush()
  }
}

/**
 * Resolves when the server has shut down after SIGTERM or SIGINT (closeGracefully): 0 when it did;
 * after `timeoutSeconds` (or, when `forceOnSecondSignal`, on a second signal) 1, so that the process
 * exits anyway. `alsoOn` adds triggers, each with its reason (a cluster worker also stops when the
 * primary goes away).
 *
 * @example
 * process.exitCode = await untilShutdown({ app, gate, log }, 10, { forceOnSecondSignal: true })
 */
export function untilShutdown(
  server: Stoppable,
  timeoutSeconds: number,
  {
    forceOnSecondSignal,
    alsoOn,
  }: { forceOnSecondSignal: boolean; alsoOn?: (stop: (reason: string) => void) => void },
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
      closeGracefully(server).then(
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
    alsoOn?.(stop)
  })
}
