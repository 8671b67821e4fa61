import { STATUS_CODES } from 'node:http'
import type {
  FastifyError,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  FastifyServerOptions,
} from 'fastify'

// Fastify's default error handler sends `error.message` whatever the status, so an unexpected
// error (`connect ECONNREFUSED postgres://admin:hunter2@db...`, a TypeError) reaches the client.
// FastAPI answers those with `Internal Server Error` and logs the rest; this handler does the same
// and otherwise leaves Fastify's answer as it is.

/** The body of a 5xx answer whose message is hidden (Fastify's error shape, without `code`). */
export interface HiddenErrorBody {
  statusCode: number
  error: string
  message: string
}

/** A Fastify error handler. */
export type ErrorHandler = (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => unknown

/**
 * The status Fastify's default handler answers an error with: the error's own `statusCode` (or
 * `status`) when it is 4xx/5xx, else the status already set on the reply when it is one, else 500.
 *
 * @example
 * errorStatus(new Error('x'), 200) // 500
 * errorStatus(Object.assign(new Error('x'), { statusCode: 404 }), 200) // 404
 */
export function errorStatus(error: unknown, replyStatus: number): number {
  const own = error as { statusCode?: unknown; status?: unknown } | null | undefined
  const inRange = (value: unknown): value is number =>
    typeof value === 'number' && value >= 400 && value <= 599
  if (inRange(own?.statusCode)) return own.statusCode
  if (inRange(own?.status)) return own.status
  return inRange(replyStatus) ? replyStatus : 500
}

/**
 * Whether the client may read the message of an error answered with `status`: always below 500
 * (validation errors, `NotFound('User 3 not found')`, Fastify's 413/415), and for 5xx only when the
 * error says it was written for the client with `expose: true` (@portico/core's `HttpError`
 * classes, `ServiceUnavailable('Retry later')`, as FastAPI shows an HTTPException's detail; the
 * http-errors convention, used by @fastify/sensible, for the others).
 *
 * @example
 * isExposed(new Error('db down'), 500) // false
 * isExposed(new ServiceUnavailable('Retry later'), 503) // true
 */
export function isExposed(error: unknown, status: number): boolean {
  if (status < 500) return true
  return (error as { expose?: unknown } | null | undefined)?.expose === true
}

/**
 * The 5xx body sent instead of an error that is not exposed: the status text for both `error` and
 * `message` (`Internal Server Error`, `Service Unavailable`...).
 *
 * @example
 * hiddenErrorBody(500) // { statusCode: 500, error: 'Internal Server Error', message: 'Internal Server Error' }
 */
export function hiddenErrorBody(status: number): HiddenErrorBody {
  const text = STATUS_CODES[status] ?? 'Internal Server Error'
  return { statusCode: status, error: text, message: text }
}

/**
 * What Fastify's default error handler does before sending: the error's own headers (Retry-After,
 * WWW-Authenticate...) on the reply, then `status`.
 *
 * @example
 * setErrorStatus(error, reply, 401)
 */
export function setErrorStatus(error: unknown, reply: FastifyReply, status: number): void {
  const headers = (error as { headers?: unknown } | null | undefined)?.headers
  if (headers !== null && typeof headers === 'object') reply.headers(headers as Record<string, string>)
  reply.code(status)
}

/**
 * Whether Fastify's `disableRequestLogging` silences the error line of `request`, read as its log
 * controller reads it: a function of the request, or any truthy value.
 *
 * @example
 * isLogSilenced(true, request) // true
 */
export function isLogSilenced(
  disableRequestLogging: FastifyServerOptions['disableRequestLogging'],
  request: FastifyRequest,
): boolean {
  return typeof disableRequestLogging === 'function'
    ? disableRequestLogging(request as never)
    : Boolean(disableRequestLogging)
}

/** What {@link porticoErrorHandler} needs of the server options. */
export interface ErrorHandlerOptions {
  /** Fastify's `disableRequestLogging` (a function or a boolean): no error log line when it says so. */
  disableRequestLogging?: FastifyServerOptions['disableRequestLogging']
}

/**
 * An error handler that answers like Fastify's default, except that a 5xx error that is not
 * {@link isExposed} gets {@link hiddenErrorBody}; that error is logged as Fastify logs it (`error`
 * level, the request and the reply, with the request id of `reply.log`), message and stack included.
 * Every `Error` whose message may be shown is passed on with `reply.send(error)` to the handler of
 * the parent context (Fastify's default at the root), which logs and answers it; other thrown values
 * go to `fastifyDefault`. Calling Fastify's default for an `Error` logged it twice: the default's own
 * `reply.send(error)` runs the parent handler, Fastify's default again.
 *
 * @example
 * app.setErrorHandler(porticoErrorHandler(app.errorHandler))
 */
export function porticoErrorHandler(
  fastifyDefault: ErrorHandler,
  options: ErrorHandlerOptions = {},
): ErrorHandler {
  const { disableRequestLogging } = options
  return function porticoErrorHandler(error, request, reply) {
    const status = errorStatus(error, reply.statusCode)
    if (isExposed(error, status)) {
      return error instanceof Error ? reply.send(error) : fastifyDefault(error, request, reply)
    }
    setErrorStatus(error, reply, status)
    if (!isLogSilenced(disableRequestLogging, request)) {
      reply.log.error({ req: request, res: reply, err: error }, (error as Error | undefined)?.message)
    }
    return reply.send(hiddenErrorBody(status))
  }
}

const ALREADY_SET = 'fastify.errorHandlerAlreadySet'

/**
 * Installs `handler` ({@link porticoErrorHandler} unless given: createApp passes the `'fastapi'`
 * error format's) as the root error handler of a new app, in place of Fastify's
 * default: a `setErrorHandler` of the user's (at the root or in a plugin) still wins in its context,
 * without Fastify's "overriding an errorHandler in the same scope" warning (FSTWRN004) nor, under
 * `allowErrorHandlerOverride: false`, its error; an error their handler passes on (`reply.send(err)`
 * or a throw) reaches this one. Call it right after `Fastify()`, before any route or plugin.
 *
 * @example
 * const app = Fastify()
 * installErrorHandler(app)
 */
export function installErrorHandler(
  app: FastifyInstance,
  options: ErrorHandlerOptions = {},
  handler: ErrorHandler = porticoErrorHandler(app.errorHandler as ErrorHandler, options),
): void {
  app.setErrorHandler(handler)
  // Fastify counts that call as the user's: reset its flag (an own symbol of the instance), so that
  // this handler is the default the user replaces, not a handler they would override.
  const flag = Object.getOwnPropertySymbols(app).find((symbol) => symbol.description === ALREADY_SET)
  if (flag !== undefined) (app as unknown as Record<symbol, unknown>)[flag] = false
}
