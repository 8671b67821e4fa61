import type { FastifyBaseLogger, FastifyRequest, FastifyServerOptions } from 'fastify'

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

type LoggerLike = FastifyBaseLogger & {
  levelVal?: number
  levels?: { values: Record<string, number> }
  isLevelEnabled?: (level: string) => boolean
  bindings?: () => Record<string, unknown>
}
type ChildOptions = { level?: string; serializers?: unknown } & Record<string, unknown>

/**
 * `request.log` without a pino child per request: Fastify's default `childLoggerFactory` builds one
 * for every request (bindings serialized, serializers and level methods set up), which costs a fast
 * route more than its handler, and most requests never log. This stand-in keeps the parent, the
 * request's bindings and options, checks the level first in every log method, and builds the real
 * child the first time a line passes the level (then every call goes to it). Anything else a
 * logger has (`bindings()`, `child()`, setting `level`) builds the child first.
 */
class LazyChildLogger {
  #parent: LoggerLike
  #bindings: Record<string, unknown>
  #options: ChildOptions
  #child: LoggerLike | undefined

  constructor(parent: LoggerLike, bindings: Record<string, unknown>, options: ChildOptions) {
    this.#parent = parent
    this.#bindings = bindings
    this.#options = options
  }

  #real(): LoggerLike {
    if (this.#child === undefined) {
      this.#child = this.#parent.child(this.#bindings, this.#options as never) as LoggerLike
    }
    return this.#child
  }

  /** Whether a line at `level` would be written, without building the child. */
  #passes(level: string): boolean {
    const parent = this.#parent
    const values = parent.levels?.values
    if (values === undefined || parent.levelVal === undefined) return true // not pino: let it decide
    const own = this.#options.level
    const threshold = own === undefined ? parent.levelVal : values[own]
    const value = values[level]
    return value === undefined || threshold === undefined || value >= threshold
  }

  fatal(...args: unknown[]): void {
    if (this.#child !== undefined || this.#passes('fatal')) (this.#real().fatal as Function)(...args)
  }
  error(...args: unknown[]): void {
    if (this.#child !== undefined || this.#passes('error')) (this.#real().error as Function)(...args)
  }
  warn(...args: unknown[]): void {
    if (this.#child !== undefined || this.#passes('warn')) (this.#real().warn as Function)(...args)
  }
  info(...args: unknown[]): void {
    if (this.#child !== undefined || this.#passes('info')) (this.#real().info as Function)(...args)
  }
  debug(...args: unknown[]): void {
    if (this.#child !== undefined || this.#passes('debug')) (this.#real().debug as Function)(...args)
  }
  trace(...args: unknown[]): void {
    if (this.#child !== undefined || this.#passes('trace')) (this.#real().trace as Function)(...args)
  }
  silent(): void {}
  child(bindings: Record<string, unknown>, options?: object): FastifyBaseLogger {
    return this.#real().child(bindings, options as never)
  }
  isLevelEnabled(level: string): boolean {
    if (this.#child !== undefined) return this.#child.isLevelEnabled?.(level) ?? true
    return this.#passes(level)
  }
  bindings(): Record<string, unknown> {
    return this.#real().bindings?.() ?? {}
  }
  get level(): string {
    return this.#child?.level ?? this.#options.level ?? this.#parent.level
  }
  set level(level: string) {
    this.#real().level = level
  }
  get levelVal(): number | undefined {
    if (this.#child !== undefined) return this.#child.levelVal
    const own = this.#options.level
    return own === undefined
      ? this.#parent.levelVal
      : (this.#parent.levels?.values[own] ?? this.#parent.levelVal)
  }
  get levels(): LoggerLike['levels'] {
    return this.#parent.levels
  }
}

/**
 * Fastify's `childLoggerFactory` that gives each request a {@link LazyChildLogger}: `request.log`
 * behaves as pino's child (same bindings, `reqId` included, same route log level and serializers),
 * but nothing is serialized and no child is built for a request that logs nothing its level lets
 * through. createApp installs it when logging is on and `fastify.childLoggerFactory` is not set.
 *
 * @example
 * Fastify({ logger: { level: 'warn' }, childLoggerFactory: lazyChildLoggerFactory })
 * // request.log.info('x'): nothing built; request.log.warn('y'): the child is built, the line written
 */
export function lazyChildLoggerFactory(
  logger: FastifyBaseLogger,
  bindings: Record<string, unknown>,
  options: object,
): FastifyBaseLogger {
  return new LazyChildLogger(logger as LoggerLike, bindings, options as ChildOptions) as never
}
