import { createRequire } from 'node:module'
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
} from 'fastify'
import type pino from 'pino'
import { PORTICO_ERR_APP_OPTION_INVALID } from './errors.js'
import { lazyChildLoggerFactory, requestLogSerializer } from './request-log.js'

// Logging without Fastify's per-request machinery. Given a logger, Fastify builds a child logger for
// every request (and validates it when the factory is not its own), calls its log controller when
// the request arrives, and listens for the end of every response, even when nothing is logged: a
// tenth of a fast route's cost (docs/performance.md). When createApp owns the options, Fastify gets
// no logger at all, and this module supplies what a logger gives users instead: `app.log` (the pino
// root logger, built from the same options as Fastify builds it), and `request.log` / `reply.log` as
// accessors that build the request's logger (reqId bound, the route's level and serializers) the
// first time something reads them. The access line, when on, comes from an onResponse hook, which
// is what makes Fastify listen for the end of the response at all.

/**
 * The `req`, `res` and `err` serializers Fastify gives its pino logger (its `logger-pino.js`), which
 * pino lacks; `req` is createApp's own (request-log.ts: the URL as the client sent it).
 */
function fastifySerializers(stdErr: pino.SerializerFn) {
  return {
    req: requestLogSerializer,
    err: stdErr,
    res: (reply: FastifyReply) => ({ statusCode: reply.statusCode }),
  }
}

// pino (with thread-stream, sonic-boom...) is loaded by the first app that logs: an app with
// `logger: false` never pays for it at startup (about 18 ms), as with Fastify's own lazy require.
const loadPino = (): typeof pino => createRequire(import.meta.url)('pino')

/** The fastify options that make Fastify's own logging the only correct one (createApp leaves it alone). */
const FASTIFY_LOGGING_KEYS = ['loggerInstance', 'childLoggerFactory', 'logController'] as const

/**
 * Whether createApp runs Fastify without a logger and logs itself: `logger` is `true` or pino
 * options, the request lines are Portico's (`accessLog` true or false), and no fastify option hands
 * logging to something else (a logger instance, a child logger factory, a log controller).
 *
 * @example
 * ownsLogging({ logger: { level: 'info' } }, true) // true
 * ownsLogging({ logger: true, childLoggerFactory }, true) // false: the factory is the user's
 */
export function ownsLogging(serverOptions: FastifyServerOptions, accessLog: boolean | 'fastify'): boolean {
  if (accessLog === 'fastify') return false
  const logger = serverOptions.logger
  if (logger !== true && Object.prototype.toString.call(logger) !== '[object Object]') return false
  return FASTIFY_LOGGING_KEYS.every((key) => serverOptions[key] === undefined)
}

type PinoOptions = pino.LoggerOptions & { stream?: pino.DestinationStream; file?: string }

/**
 * The root logger Fastify would build from its `logger` option: pino with Fastify's serializers
 * under the user's, level `info` unless given, `stream` or `file` (pino.destination) as the
 * destination.
 *
 * @example
 * createAppLogger({ level: 'warn', stream: process.stderr }).warn('hello')
 */
export function createAppLogger(logger: true | object): pino.Logger {
  const options: PinoOptions = logger === true ? {} : { ...(logger as PinoOptions) }
  if (options.stream !== undefined && options.file !== undefined) {
    throw new PORTICO_ERR_APP_OPTION_INVALID('logger', 'give a stream or a file, not both')
  }
  const pino = loadPino()
  const stream = options.file !== undefined ? pino.destination(options.file) : options.stream
  delete options.file
  delete options.stream
  options.level = options.level || 'info'
  options.serializers = { ...fastifySerializers(pino.stdSerializers.err), ...options.serializers } as never
  return stream === undefined ? pino(options) : pino(options, stream)
}

/** Where a request or reply keeps the logger it was given or built (see {@link installAppLogging}). */
const OWN_LOG = Symbol('portico.log')
/** Route config key of the route's `logSerializers` (Fastify keeps them where requests cannot read). */
const ROUTE_SERIALIZERS = Symbol('portico.logSerializers')

type Logged = { [OWN_LOG]?: FastifyBaseLogger }
type LevelValues = { levels: { values: Record<string, number> } }

/** The prototype of the Request or Reply class of `app` (Fastify keeps it under a symbol of its own). */
function classPrototype(app: FastifyInstance, description: string): object | undefined {
  const key = Object.getOwnPropertySymbols(app).find((symbol) => symbol.description === description)
  const konstructor = key === undefined ? undefined : (app as unknown as Record<symbol, unknown>)[key]
  const prototype = (konstructor as { prototype?: unknown } | undefined)?.prototype
  return typeof prototype === 'object' && prototype !== null ? prototype : undefined
}

/**
 * Makes the pino logger built from `logger` ({@link createAppLogger}) the logger of `app`, a Fastify
 * instance built without one: `app.log` is that logger;
 * `request.log` (and `reply.log`, the same object) is built when first read, as Fastify's child of
 * the instance's logger with `{ [requestIdLogLabel]: request.id }` bound and the route's `logLevel`
 * and `logSerializers`, and checks the level before building pino's child (request-log.ts). A logger
 * assigned to `request.log` or `reply.log` replaces it, as on Fastify. A route's `logLevel` that
 * pino does not know fails when the route is added, as Fastify's does. `false`, with `app`
 * unchanged and no logger built (no file opened), on a Fastify whose Request and Reply classes it
 * cannot find.
 *
 * @example
 * const app = Fastify({ logController })
 * installAppLogging(app, { level: 'info' }, 'reqId')
 * app.get('/', (request) => { request.log.info('hi'); return 'ok' }) // {"reqId":"req-1","msg":"hi",...}
 */
export function installAppLogging(
  app: FastifyInstance,
  logger: true | object,
  requestIdLogLabel = 'reqId',
): boolean {
  // Fastify refuses `decorateRequest('log')` (an instance property it sets in the constructor), so
  // the accessors go on the classes' prototypes: the constructors' `this.log = log` calls the setter.
  const requestPrototype = classPrototype(app, 'fastify.Request')
  const replyPrototype = classPrototype(app, 'fastify.Reply')
  if (requestPrototype === undefined || replyPrototype === undefined) return false
  const root = createAppLogger(logger)
  // Without a logger, Fastify hands every request its null logger: the one to ignore in the setters.
  const nullLogger = app.log
  ;(app as { log: FastifyBaseLogger }).log = root as unknown as FastifyBaseLogger
  const setter = function (this: Logged, value: FastifyBaseLogger) {
    if (value !== nullLogger) this[OWN_LOG] = value
  }
  Object.defineProperty(requestPrototype, 'log', {
    configurable: true,
    get(this: FastifyRequest & Logged) {
      const own = this[OWN_LOG]
      if (own !== undefined) return own
      const route = this.routeOptions
      const options: { level?: string; serializers?: unknown } = {}
      if (route.logLevel) options.level = route.logLevel
      const serializers = (route.config as { [ROUTE_SERIALIZERS]?: unknown } | undefined)?.[ROUTE_SERIALIZERS]
      if (serializers !== undefined) options.serializers = serializers
      const child = lazyChildLoggerFactory(this.server.log, { [requestIdLogLabel]: this.id }, options)
      this[OWN_LOG] = child
      return child
    },
    set: setter,
  })
  Object.defineProperty(replyPrototype, 'log', {
    configurable: true,
    get(this: FastifyReply & Logged) {
      return this[OWN_LOG] ?? this.request.log
    },
    set: setter,
  })
  const levels = (root as unknown as LevelValues).levels.values
  const { FST_ERR_ROUTE_LOG_LEVEL_INVALID } = Fastify.errorCodes
  app.addHook('onRoute', (route) => {
    // Fastify checks this against its logger, which it does not have here.
    const level = route.logLevel
    if (level && levels[level] === undefined) {
      throw new FST_ERR_ROUTE_LOG_LEVEL_INVALID(route.method, route.url, level)
    }
    const serializers = (route as { logSerializers?: unknown }).logSerializers
    if (serializers != null) route.config = { ...route.config, [ROUTE_SERIALIZERS]: serializers } as never
  })
  // A factory set later would be handed Fastify's null logger: refused rather than logging nothing.
  const factory = app.childLoggerFactory
  app.addHook('onReady', async function checkChildLoggerFactory() {
    if (app.childLoggerFactory !== factory) {
      throw new PORTICO_ERR_APP_OPTION_INVALID(
        'childLoggerFactory',
        "app.setChildLoggerFactory() needs Fastify's own logger: pass the factory as createApp({ fastify: { childLoggerFactory } }) instead",
      )
    }
  })
  return true
}
