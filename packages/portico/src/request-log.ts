import type { FastifyRequest, FastifyServerOptions } from 'fastify'

/** What {@link requestLogSerializer} writes under `req` in a log line. */
export interface RequestLogFields {
  method?: string
  /** The request target as the client sent it, before the root path was stripped. */
  url?: string
  version?: string
  host?: string
  remoteAddress?: string
  remotePort?: number
  /** The effective root path of the request (`''` when none), as `request.rootPath`. */
  rootPath?: string
  [key: string]: unknown
}

type RawLike = {
  method?: string
  url?: string
  originalUrl?: string
  headers?: Record<string, string | string[] | undefined>
  socket?: { remoteAddress?: string; remotePort?: number }
}

/**
 * The `req` serializer createApp gives Fastify's logger: Fastify's own fields (method, url, version,
 * host, remoteAddress, remotePort), with `url` as the client sent it (Fastify's default logs the URL
 * after `rewriteUrl`, i.e. `/p/hello` for `/api/v1/p/hello`) and the effective `rootPath` added.
 * Fastify 5 passes the FastifyRequest; a raw `IncomingMessage` (`log.info({ req: request.raw })`)
 * gets the same fields, minus `rootPath`, which only the FastifyRequest knows.
 *
 * @example
 * Fastify({ logger: { serializers: { req: requestLogSerializer } }, rewriteUrl: rootPathRewriteUrl })
 * // {"req":{"method":"GET","url":"/api/v1/p/hello","rootPath":"/api/v1",...},"msg":"incoming request"}
 */
export function requestLogSerializer(req: unknown): RequestLogFields {
  const candidate = req as Partial<FastifyRequest> & RawLike
  if (candidate === null || typeof candidate !== 'object') return {}
  if (candidate.raw === undefined) {
    // A raw IncomingMessage: Fastify sets `originalUrl` on it when it rewrites the URL.
    return {
      method: candidate.method,
      url: candidate.originalUrl ?? candidate.url,
      version: headerOf(candidate.headers, 'accept-version'),
      host: headerOf(candidate.headers, 'host'),
      remoteAddress: candidate.socket?.remoteAddress,
      remotePort: candidate.socket?.remotePort,
    }
  }
  const request = candidate as FastifyRequest
  return {
    method: request.method,
    url: request.originalUrl,
    version: headerOf(request.headers, 'accept-version'),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
    // Decorated by @portico/root-path; undefined (left out of the line) on an app without it.
    rootPath: (request as { rootPath?: string }).rootPath,
  }
}

function headerOf(headers: RawLike['headers'], name: string): string | undefined {
  const value = headers?.[name]
  return Array.isArray(value) ? value.join(', ') : value
}

/**
 * Fastify's `logger` option with {@link requestLogSerializer} as the `req` serializer, when logging is
 * on: `true` becomes `{ serializers: { req } }`; an options object is copied with the serializer
 * merged under the user's own `serializers` (theirs win, `req` included). `false`, `undefined` and
 * anything that is not a plain options object (Fastify rejects a logger instance there) are returned
 * unchanged.
 *
 * @example
 * withRequestLog({ level: 'debug' }) // { level: 'debug', serializers: { req: requestLogSerializer } }
 */
export function withRequestLog(logger: FastifyServerOptions['logger']): FastifyServerOptions['logger'] {
  if (logger === true) return { serializers: { req: requestLogSerializer as never } }
  if (!isOptionsObject(logger)) return logger
  const own = (logger as { serializers?: Record<string, unknown> }).serializers
  return { ...logger, serializers: { req: requestLogSerializer as never, ...own } }
}

function isOptionsObject(value: unknown): value is object {
  if (Object.prototype.toString.call(value) !== '[object Object]') return false
  // A logger instance given as `logger` (a mistake Fastify reports itself) is not copied.
  return typeof (value as { child?: unknown }).child !== 'function'
}
