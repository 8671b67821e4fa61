import type { FastifyInstance } from 'fastify'
import type { LogLevel } from './values.js'

/**
 * What the flags of `portico run` say about how the app must be built, handed to a factory export.
 * Spread it into `createApp` (its field names are `createApp`'s option names); a plain Fastify app
 * maps `trustProxy` and `logger` to Fastify's options of the same names, `rootPath` /
 * `forwardedPrefix` / `allowedHosts` to @portico/root-path's, and sets `disableRequestLogging: true`
 * and `genReqId: recordRequestIds()`: the server writes the access line, with the id recorded.
 *
 * @example
 * // dist/main.js, started with `portico run dist/main.js --root-path /api/v1`
 * import { createApp } from 'portico'
 * export default (runtime) => createApp({ ...runtime, controllers: [ItemsController] })
 */
export interface PorticoRuntime {
  /** `--root-path`, normalised (`'/api/v1'`; `''` for `/`). Absent when the flag and env var are not set,
   *  so that the app's own `rootPath` applies. */
  rootPath?: string
  /** `--forwarded-allow-ips` as Fastify's `trustProxy`: `true` for `*`, else the list of IPs/CIDRs.
   *  Default `['127.0.0.1']`. */
  trustProxy: true | string[]
  /** `--forwarded-prefix`: honour X-Forwarded-Prefix from trusted proxies. Default `false`. */
  forwardedPrefix: boolean
  /** `--allowed-hosts`, split on commas (`['api.example.com', '*.example.com']`): a request naming
   *  another host gets 400. Absent when the flag and env var are not set, so that the app's own
   *  `allowedHosts` applies. */
  allowedHosts?: string[]
  /**
   * `--log-level` and the log destination as Fastify's `logger` option (pino options). Under
   * `portico run` the stream is a buffered, asynchronous stdout (JSON lines, or readable ones on a
   * terminal: `--log-format`), flushed on shutdown. Default `{ level: 'info', stream }`.
   */
  logger: { level: LogLevel; stream?: { write(line: string): unknown } }
  /**
   * Whether the app writes access lines of its own: createApp's option of the same name. Always
   * `false`: under `portico run` and `portico dev` the server writes one line per request itself
   * (`--access-log`, the default; `--no-access-log` for none), and `routes` and `openapi` serve no
   * requests.
   */
  accessLog: boolean
  /**
   * `--schema-cache DIR`: createApp's `schemaCache`, the directory of compiled schemas (`portico
   * build` writes it). Absent when the flag is `off` (its default), so that the app's own applies.
   */
  schemaCache?: string
}

/**
 * Which construction flags were given (flag or environment variable) and must therefore take effect:
 * an app instance the module built itself cannot take them, and the CLI refuses rather than ignore one.
 *
 * @example
 * const explicit: ExplicitRuntime = { rootPath: true, trustProxy: false, forwardedPrefix: false, allowedHosts: false, logLevel: false, accessLog: false }
 */
export interface ExplicitRuntime {
  rootPath: boolean
  trustProxy: boolean
  forwardedPrefix: boolean
  allowedHosts: boolean
  logLevel: boolean
  accessLog: boolean
  /** `--schema-cache` (absent: not given). */
  schemaCache?: boolean
}

/**
 * A module's app export when it is a factory: called once per process (each worker calls it) with
 * the runtime the flags describe.
 *
 * @example
 * const factory: AppFactory = (runtime) => createApp({ ...runtime, controllers: [AppController] })
 */
export type AppFactory = (runtime: PorticoRuntime) => FastifyInstance | Promise<FastifyInstance>

/** Duck-typed check for a Fastify instance (instances from any copy of fastify qualify). */
export function isFastifyInstance(value: unknown): value is FastifyInstance {
  if (value === null || typeof value !== 'object') return false
  const candidate = value as Record<string, unknown>
  return ['listen', 'ready', 'inject', 'register', 'close', 'route'].every(
    (key) => typeof candidate[key] === 'function',
  )
}
