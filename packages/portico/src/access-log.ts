import { ACCESS_LOG_MESSAGE, accessLineFormat } from '@portico/cli/access-line'
import Fastify, {
  type FastifyBaseLogger,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
} from 'fastify'
import { PORTICO_ERR_APP_OPTION_INVALID } from './errors.js'

// One access line per request (uvicorn's access log) instead of Fastify's two request lines
// ("incoming request" and "request completed", each through the request's child logger). Under
// `portico run` the server writes it (the app is handed `accessLog: false`); these write it from
// the app, for an app started otherwise. The line is written with the app's root logger, and only
// after a level check, so that nothing is built or serialized when the level filters it out. With
// Fastify's logger it is Fastify's own request-completed log point (a LogController, Fastify >= 5.8):
// no onResponse hook is added, and Fastify's error lines (5xx, stream and serializer errors) stay on,
// which `disableRequestLogging` would turn off. With createApp's own logger (app-logging.ts), an
// onResponse hook.

export { ACCESS_LOG_MESSAGE }

/** The fields of an access line, beside pino's `level`, `time`, `pid`, `hostname` and `msg`. */
export interface AccessLogFields {
  /** The request id (`request.id`). */
  reqId: string
  method: string
  /** The request target as the client sent it (`request.originalUrl`: root path and query kept). */
  url: string
  statusCode: number
  /** Milliseconds from the request's arrival to the end of the response (`reply.elapsedTime`). */
  responseTime: number
  /** The client's address (`request.ip`: X-Forwarded-For from a trusted proxy). */
  remoteAddress: string
}

type LevelLogger = FastifyBaseLogger & { isLevelEnabled?: (level: string) => boolean }

/** Writes a finished request's access line (preformatted: {@link preformattedAccessLine}). */
type AccessLineWriter = (request: FastifyRequest, reply: FastifyReply) => void

/** pino's option keys the preformatted line reproduces: any other (formatters, mixin, ...) goes through pino. */
const PLAIN_LOGGER_KEYS = new Set(['level', 'stream', 'serializers'])

/**
 * The access line written as one preformatted string straight to the logger's stream, for a logger
 * built from plain options (`{ level, stream }`; `serializers` allowed, the line has no field they
 * apply to): byte for byte what pino writes for `log.info(fields, 'request completed')` (level,
 * time, pid, hostname, the fields, msg; `@portico/cli`'s `accessLineFormat`, the line `portico run`
 * writes), without pino's generic path (a key loop, a serializer lookup and a stringify per field).
 * `undefined` for any other logger (custom formatters, timestamps, base, a logger instance), which
 * keeps pino's path.
 *
 * @example
 * const write = preformattedAccessLine({ level: 'info', stream: process.stdout })
 * // write(request, reply): {"level":30,"time":1733097600000,"pid":42,"hostname":"h","reqId":"req-1",...,"msg":"request completed"}\n
 */
export function preformattedAccessLine(logger: FastifyServerOptions['logger']): AccessLineWriter | undefined {
  if (logger === null || typeof logger !== 'object') return undefined
  if (Object.getPrototypeOf(logger) !== Object.prototype) return undefined
  if (!Object.keys(logger).every((key) => PLAIN_LOGGER_KEYS.has(key))) return undefined
  const stream = (logger as { stream?: { write?: unknown } }).stream
  if (stream === null || typeof stream !== 'object' || typeof stream.write !== 'function') return undefined
  const out = stream as { write(line: string): unknown }
  const format = accessLineFormat()
  return (request, reply) => {
    const log = request.server.log as LevelLogger
    if (log.isLevelEnabled !== undefined && !log.isLevelEnabled('info')) return
    out.write(
      format({
        reqId: request.id,
        method: request.method,
        url: request.originalUrl,
        statusCode: reply.statusCode,
        responseTime: reply.elapsedTime,
        remoteAddress: request.ip,
      }),
    )
  }
}

/** Writes the access line of a finished request with `log` (the root logger). */
function writeAccessLine(log: LevelLogger, request: FastifyRequest, reply: FastifyReply, error?: unknown) {
  const level = error ? 'error' : 'info'
  // pino's level check; a custom logger without one decides in its own method.
  if (log.isLevelEnabled !== undefined && !log.isLevelEnabled(level)) return
  const fields: AccessLogFields = {
    reqId: request.id,
    method: request.method,
    url: request.originalUrl,
    statusCode: reply.statusCode,
    responseTime: Math.round(reply.elapsedTime * 100) / 100,
    remoteAddress: request.ip,
  }
  if (error) log.error({ ...fields, err: error }, 'request errored')
  else log.info(fields, ACCESS_LOG_MESSAGE)
}

type LogControllerClass = new (
  options?: object,
) => {
  incomingRequest(request: FastifyRequest, reply: FastifyReply): void
  requestCompleted(error: unknown, request: FastifyRequest, reply: FastifyReply): void
}

/**
 * A Fastify `logController` that logs nothing when a request arrives and, when its response is
 * finished, the access line (`accessLog` true, the default) or nothing (`false`, `--no-access-log`);
 * Fastify's error lines are kept. `undefined` on a Fastify that has no LogController (older 5.x),
 * where `disableRequestLogging: true` and {@link accessLogHook} do the same.
 *
 * `preformatted` (from {@link preformattedAccessLine}) writes the line without pino's generic path.
 *
 * @example
 * // a plain Fastify factory under `portico run`
 * export default (runtime) =>
 *   Fastify({ logger: runtime.logger, logController: accessLogController(runtime.accessLog) })
 */
export function accessLogController(accessLog = true, preformatted?: AccessLineWriter): object | undefined {
  const Base = (Fastify as unknown as { LogController?: LogControllerClass }).LogController
  if (Base === undefined) return undefined
  class AccessLogController extends Base {
    override incomingRequest(): void {}
    override requestCompleted(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
      if (!accessLog) {
        if (error) super.requestCompleted(error, request, reply)
      } else if (preformatted !== undefined && !error) preformatted(request, reply)
      else writeAccessLine(request.server.log, request, reply, error)
    }
  }
  return new AccessLogController()
}

/**
 * The same access line from an onResponse hook, for an app that has its own `logController` or a
 * Fastify without one (then with `disableRequestLogging: true`).
 *
 * @example
 * const app = Fastify({ logger: runtime.logger, disableRequestLogging: true })
 * app.addHook('onResponse', accessLogHook)
 * // {"level":30,...,"reqId":"req-1","method":"GET","url":"/api/v1/app","statusCode":200,"responseTime":0.41,"remoteAddress":"127.0.0.1","msg":"request completed"}
 */
export function accessLogHook(
  this: { log: FastifyBaseLogger },
  request: FastifyRequest,
  reply: FastifyReply,
  done: () => void,
): void {
  writeAccessLine(this.log, request, reply)
  done()
}

/**
 * {@link accessLogHook} for a line from {@link preformattedAccessLine}.
 *
 * @example
 * app.addHook('onResponse', preformattedAccessLogHook(preformattedAccessLine({ level: 'info', stream })!))
 */
export function preformattedAccessLogHook(
  write: AccessLineWriter,
): (request: FastifyRequest, reply: FastifyReply, done: () => void) => void {
  return (request, reply, done) => {
    write(request, reply)
    done()
  }
}

/** createApp's `accessLog`: true, false or 'fastify' (a string from an environment variable is a mistake). */
export function checkAccessLog(value: unknown): void {
  if (value !== undefined && typeof value !== 'boolean' && value !== 'fastify') {
    throw new PORTICO_ERR_APP_OPTION_INVALID('accessLog', "expected true, false or 'fastify'")
  }
}
