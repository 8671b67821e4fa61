import type { FastifyServerOptions } from 'fastify'

// Production timeouts for apps created with createApp, also when they are served by `app.listen()`
// rather than `portico run` (which sets the same values on the server itself). Fastify's own
// defaults let a client that sends `Content-Length: 100000` and then a byte every few seconds hold a
// connection forever (requestTimeout 0), and Node lets it take 60 s over the headers.

/**
 * The server limits createApp applies unless its `fastify` option sets them: `requestTimeout` (ms to
 * receive a whole request; past it, 408), and, for a plain HTTP/1 server, `http.headersTimeout` (ms
 * to receive the headers) and `http.connectionsCheckingInterval` (how often Node checks both: its
 * default of 30 s would let a 30 s timeout take a minute).
 *
 * @example
 * SERVER_LIMIT_DEFAULTS.requestTimeout // 30000
 */
export const SERVER_LIMIT_DEFAULTS = Object.freeze({
  requestTimeout: 30_000,
  headersTimeout: 10_000,
  connectionsCheckingInterval: 1000,
})

/**
 * `fastify` options with SERVER_LIMIT_DEFAULTS filled in where they are not set. A custom
 * `serverFactory`, `https` or `http2` server is left as configured, apart from `requestTimeout`.
 *
 * @example
 * withServerLimits({ requestTimeout: 120_000 }) // { requestTimeout: 120000, http: { headersTimeout: 10000, ... } }
 */
export function withServerLimits(options: FastifyServerOptions | undefined): FastifyServerOptions {
  const own = options ?? {}
  const requestTimeout = own.requestTimeout ?? SERVER_LIMIT_DEFAULTS.requestTimeout
  const result: FastifyServerOptions = { ...own, requestTimeout }
  const server = own as { https?: unknown; http2?: unknown; http?: object | null }
  const plainHttp = own.serverFactory === undefined && !server.https && !server.http2
  if (plainHttp) {
    // Node never fires a headers timeout longer than the request timeout.
    const headersTimeout =
      requestTimeout > 0
        ? Math.min(SERVER_LIMIT_DEFAULTS.headersTimeout, requestTimeout)
        : SERVER_LIMIT_DEFAULTS.headersTimeout
    ;(result as { http?: object }).http = {
      headersTimeout,
      connectionsCheckingInterval: SERVER_LIMIT_DEFAULTS.connectionsCheckingInterval,
      ...server.http,
    }
  }
  return result
}
