// A bounded load generator for the shutdown and crash tests: keep-alive clients on 127.0.0.1 sending
// requests back to back, each classified as answered (by status), refused (ECONNREFUSED: the
// connection was never accepted, so nothing was sent), failed after it was sent, or hung.
import { Agent, request as httpRequest } from 'node:http'

/** What happened to the requests of one load run. */
export interface LoadResult {
  /** Requests started. */
  sent: number
  /** Answered requests by status code. */
  statuses: Record<number, number>
  /** Requests whose connection was refused (never sent). */
  refused: number
  /**
   * Requests that got no answer: the error code, whether the connection was a reused one, and whether
   * it was established at all (a connection reset during the handshake never reached a process).
   */
  failed: { code: string; reused: boolean; connected: boolean }[]
  /** Requests that got no answer and no error within the hang bound. */
  hung: number
  /** Connections established (TCP handshake done: the kernel may still hold them in its accept queue). */
  connected: number
}

export interface LoadOptions {
  /** Keep-alive clients sending back to back. */
  keepAliveClients?: number
  /** Clients opening a fresh connection for each request. */
  freshClients?: number
  /** Paths requested in turn (e.g. a fast one and a slow one). */
  paths?: string[]
  /** A request with no answer after this is counted as hung. */
  hangMs?: number
}

/** A running load: `stop()` ends it and resolves with the figures once every request settled. */
export interface Load {
  stop(): Promise<LoadResult>
  /** Resolves once every client stopped by itself (each stops at its first refused connection). */
  settled: Promise<LoadResult>
  result: LoadResult
}

/** Starts load against `origin`. A client stops at its first refused connection (the server is gone). */
export function startLoad(origin: string, options: LoadOptions = {}): Load {
  const { keepAliveClients = 20, freshClients = 0, paths = ['/pid'], hangMs = 8000 } = options
  const agent = new Agent({ keepAlive: true, maxSockets: keepAliveClients })
  const result: LoadResult = { sent: 0, statuses: {}, refused: 0, failed: [], hung: 0, connected: 0 }
  let stopped = false
  const one = (path: string, fresh: boolean) =>
    new Promise<'ok' | 'refused' | 'failed'>((resolve) => {
      result.sent++
      let settled = false
      let connected = false
      const fail = (error: NodeJS.ErrnoException) =>
        result.failed.push({ code: error.code ?? error.message, reused: req.reusedSocket, connected })
      const settle = (outcome: 'ok' | 'refused' | 'failed') => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        resolve(outcome)
      }
      const req = httpRequest(`${origin}${path}`, { agent: fresh ? false : agent }, (res) => {
        res.resume()
        res.on('end', () => {
          result.statuses[res.statusCode!] = (result.statuses[res.statusCode!] ?? 0) + 1
          settle('ok')
        })
        res.on('error', (error: NodeJS.ErrnoException) => {
          fail(error)
          settle('failed')
        })
      })
      req.on('socket', (socket) => {
        if (req.reusedSocket) connected = true
        else
          socket.once('connect', () => {
            connected = true
            result.connected++
          })
      })
      const timer = setTimeout(() => {
        result.hung++
        settle('failed')
        req.destroy()
      }, hangMs)
      req.on('error', (error: NodeJS.ErrnoException) => {
        if (settled) return
        if (error.code === 'ECONNREFUSED') {
          result.refused++
          settle('refused')
          return
        }
        fail(error)
        settle('failed')
      })
      req.end()
    })
  const client = async (index: number, fresh: boolean) => {
    for (let i = index; !stopped; i++) {
      if ((await one(paths[i % paths.length]!, fresh)) === 'refused') return
    }
  }
  const clients = [
    ...Array.from({ length: keepAliveClients }, (_, i) => client(i, false)),
    ...Array.from({ length: freshClients }, (_, i) => client(i, true)),
  ]
  const settled = Promise.all(clients).then(() => {
    agent.destroy()
    return result
  })
  return {
    result,
    settled,
    stop() {
      stopped = true
      return settled
    },
  }
}

/** `result` in one line, for assertion messages and the figures. */
export const describeLoad = (result: LoadResult) =>
  `sent ${result.sent}, statuses ${JSON.stringify(result.statuses)}, refused ${result.refused}, connected ${result.connected}, failed ${JSON.stringify(result.failed)}, hung ${result.hung}`
