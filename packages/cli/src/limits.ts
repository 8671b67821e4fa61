import type { Server } from 'node:http'
import { Transform } from 'node:stream'
import type { FastifyInstance } from 'fastify'
import { PORTICO_ERR_CLI_FLAG_NEEDS_FACTORY } from './errors.js'

// The server limits of `portico run`. Node lets every one of them be set on the HTTP server after it
// was created and before it listens, so they reach factories and built instances alike, with no
// option the app has to pass on: timeouts and the connection limit are Node's own properties, the
// concurrency and body limits are enforced by the request gate (request-gate.ts) in front of
// Fastify's handler, and by a preParsing hook for bodies without Content-Length.

/** The limits `portico run` applies, as given by its flags (seconds, counts, bytes; 0 for none). */
export interface ServerLimits {
  /** `--timeout-request`: seconds to receive a whole request (Node's `server.requestTimeout`). */
  requestTimeout: number
  /** `--timeout-headers`: seconds to receive a request's headers (Node's `server.headersTimeout`). */
  headersTimeout: number
  /** `--timeout-keep-alive`: seconds an idle connection is kept (Node's `server.keepAliveTimeout`). */
  keepAliveTimeout: number
  /** `--limit-concurrency`: requests in progress past which new ones get 503. */
  concurrency: number
  /** `--limit-max-connections`: Node's `server.maxConnections`. */
  maxConnections: number
  /** `--body-limit`: bytes; absent when not given (the app's own `bodyLimit` applies). */
  bodyLimit?: number
}

/** The flag of each limit, to tell which ones were given. */
export const LIMIT_FLAGS = {
  requestTimeout: 'timeout-request',
  headersTimeout: 'timeout-headers',
  keepAliveTimeout: 'timeout-keep-alive',
  concurrency: 'limit-concurrency',
  maxConnections: 'limit-max-connections',
  bodyLimit: 'body-limit',
} as const satisfies Record<keyof ServerLimits, string>

// What Fastify and Node set when the app sets nothing (fastify's defaultInitOptions, Node's
// http.Server): a different value on the app was chosen by the app.
const FASTIFY_REQUEST_TIMEOUT_MS = 0
const FASTIFY_KEEP_ALIVE_TIMEOUT_MS = 72_000
const NODE_HEADERS_TIMEOUT_MS = 60_000

/** The limits in force on a server, in Node's units (milliseconds), as `effectiveLimits` resolves them. */
export interface EffectiveLimits {
  requestTimeoutMs: number
  headersTimeoutMs: number
  keepAliveTimeoutMs: number
  concurrency: number
  maxConnections: number
  bodyLimit?: number
}

/**
 * The limits to apply: a flag that was given wins; otherwise a timeout the app chose itself (Fastify's
 * `requestTimeout` / `keepAliveTimeout`, or `http.headersTimeout`, other than the framework's
 * default) is kept; otherwise the flag's default (CLI_DEFAULTS.run) applies.
 *
 * @example
 * effectiveLimits(app, limits, new Set(['timeout-request'])).requestTimeoutMs // 1000 * limits.requestTimeout
 */
export function effectiveLimits(
  app: FastifyInstance,
  limits: ServerLimits,
  given: ReadonlySet<string>,
): EffectiveLimits {
  const config = (app.initialConfig ?? {}) as { requestTimeout?: number; keepAliveTimeout?: number }
  const server = app.server as Partial<Server> | undefined
  const pick = (key: keyof typeof LIMIT_FLAGS, own: number | undefined, frameworkDefault: number) =>
    !given.has(LIMIT_FLAGS[key]) && own !== undefined && own !== frameworkDefault
      ? own
      : (limits[key] as number) * 1000
  const requestTimeoutMs = pick('requestTimeout', config.requestTimeout, FASTIFY_REQUEST_TIMEOUT_MS)
  let headersTimeoutMs = pick('headersTimeout', server?.headersTimeout, NODE_HEADERS_TIMEOUT_MS)
  // Node needs the headers within the request timeout; a longer headers timeout would never fire.
  if (requestTimeoutMs > 0 && (headersTimeoutMs === 0 || headersTimeoutMs > requestTimeoutMs))
    headersTimeoutMs = requestTimeoutMs
  return {
    requestTimeoutMs,
    headersTimeoutMs,
    keepAliveTimeoutMs: pick('keepAliveTimeout', config.keepAliveTimeout, FASTIFY_KEEP_ALIVE_TIMEOUT_MS),
    concurrency: limits.concurrency,
    maxConnections: limits.maxConnections,
    ...(limits.bodyLimit !== undefined ? { bodyLimit: limits.bodyLimit } : {}),
  }
}

/**
 * Sets the timeouts and the connection limit on the app's (not yet listening) HTTP server. Node
 * checks the request and headers timeouts every `connectionsCheckingInterval` (30 s by default, so a
 * 30 s timeout could take a minute): the interval is brought down to a quarter of the shortest
 * timeout, at most 1 s, which Node reads when the server starts listening.
 */
export function applyServerTimeouts(server: Server, limits: EffectiveLimits): void {
  server.requestTimeout = limits.requestTimeoutMs
  server.headersTimeout = limits.headersTimeoutMs
  server.keepAliveTimeout = limits.keepAliveTimeoutMs
  if (limits.maxConnections > 0) server.maxConnections = limits.maxConnections
  const timeouts = [limits.requestTimeoutMs, limits.headersTimeoutMs].filter((ms) => ms > 0)
  // A createServer option in @types/node; a property Node reads on 'listening' (setupConnectionsTracking).
  if (timeouts.length > 0)
    (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = Math.max(
      100,
      Math.min(1000, Math.floor(Math.min(...timeouts) / 4)),
    )
}

/**
 * Counts the bytes of request bodies sent without Content-Length (chunked) and fails past `bodyLimit`
 * with Fastify's own 413 error (bodies with a Content-Length over it never reach the app: the gate
 * answers them). Must run before the app boots.
 */
export function limitChunkedBodies(app: FastifyInstance, bodyLimit: number, specifier: string): void {
  try {
    app.addHook('preParsing', async (request, _reply, payload) => {
      if (request.headers['content-length'] !== undefined) return payload
      let received = 0
      return payload.pipe(
        new Transform({
          transform(chunk: Buffer, _encoding, callback) {
            received += chunk.length
            if (received > bodyLimit) callback(bodyTooLarge())
            else callback(null, chunk)
          },
        }),
      )
    })
  } catch (error) {
    throw new PORTICO_ERR_CLI_FLAG_NEEDS_FACTORY(
      '--body-limit',
      specifier,
      `the app was booted before portico run could add its body check: ${(error as Error).message}`,
    )
  }
}

/** The error Fastify's body parser gives for a body over its own limit (same code, status and message). */
function bodyTooLarge(): Error {
  return Object.assign(new Error('Request body is too large'), {
    code: 'FST_ERR_CTP_BODY_TOO_LARGE',
    statusCode: 413,
  })
}
