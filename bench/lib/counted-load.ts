/**
 * A fixed number of requests over keep-alive connections, as fast as the server answers them. The
 * instruction counter (instructions.ts) measures a window of exactly N requests, which a load
 * generator that runs for a duration (wrk, autocannon) cannot give.
 */
import http from 'node:http'
import type { LoadRequest } from './load.js'

/**
 * Sends `request` `count` times to 127.0.0.1:`port`, `connections` at a time, and resolves once every
 * answer has been read; rejects on the first answer that is not a 2xx or on a connection error.
 *
 * @example
 * await sendCounted(8000, { method: 'GET', path: '/app', headers: {} }, 10_000, 10)
 */
export async function sendCounted(
  port: number,
  request: LoadRequest,
  count: number,
  connections: number,
): Promise<void> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections })
  const headers =
    request.body === undefined
      ? request.headers
      : { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) }
  let sent = 0
  let answered = 0
  try {
    await new Promise<void>((resolve, reject) => {
      const next = (): void => {
        if (sent >= count) return
        sent++
        const req = http.request(
          { host: '127.0.0.1', port, method: request.method, path: request.path, headers, agent },
          (res) => {
            res.resume()
            res.on('end', () => {
              const status = res.statusCode ?? 0
              if (status < 200 || status > 299)
                return reject(new Error(`${request.method} ${request.path} answered ${status}`))
              if (++answered === count) resolve()
              else next()
            })
          },
        )
        req.on('error', reject)
        req.end(request.body)
      }
      for (let i = 0; i < Math.min(connections, count); i++) next()
    })
  } finally {
    agent.destroy()
  }
}
