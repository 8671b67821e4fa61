import { STATUS_CODES } from 'node:http'
import createError, { type FastifyErrorConstructor } from '@fastify/error'

// HTTP errors a handler or hook throws. They are @fastify/error errors carrying `statusCode` and
// `code`, so Fastify's default error handler replies `{ statusCode, code, error, message }` with that
// status (and a custom setErrorHandler sees ordinary FastifyErrors).

const FastifyHttpError = createError('PORTICO_ERR_CORE_HTTP', '%s', 500) as FastifyErrorConstructor

/**
 * Options of an HTTP error.
 *
 * @example
 * throw new Conflict('Email taken', { code: 'EMAIL_TAKEN', cause: dbError })
 */
export interface HttpErrorOptions {
  /** Error code in the reply body. Default: `PORTICO_ERR_CORE_HTTP_<STATUS NAME>`, e.g. `PORTICO_ERR_CORE_HTTP_NOT_FOUND`. */
  code?: string
  /** The underlying error (kept on `error.cause`, not sent). */
  cause?: unknown
}

function defaultCode(statusCode: number): string {
  const name = STATUS_CODES[statusCode] ?? `STATUS ${statusCode}`
  return `PORTICO_ERR_CORE_HTTP_${name.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`
}

/**
 * An HTTP error with any status code (4xx/5xx). Prefer the named subclasses for common statuses.
 *
 * @example
 * throw new HttpError(418, "I'm a teapot")
 * // -> 418 { statusCode: 418, code: 'PORTICO_ERR_CORE_HTTP_I_M_A_TEAPOT', error: "I'm a Teapot", message: "I'm a teapot" }
 */
export class HttpError extends FastifyHttpError {
  declare statusCode: number
  declare code: string
  /**
   * `true` (on the prototype): the message was written for the client, so it is sent even with a
   * 5xx status, as FastAPI sends an HTTPException's detail; apps made by `portico`'s createApp
   * hide the message of any other 5xx error. The http-errors convention (@fastify/sensible), so one
   * flag covers both; set it to `false` on an error to hide its message.
   */
  declare expose: boolean

  constructor(statusCode: number, message?: string, options: HttpErrorOptions = {}) {
    if (!Number.isInteger(statusCode) || statusCode < 400 || statusCode > 599) {
      throw new RangeError(`HttpError status must be an integer from 400 to 599, got ${statusCode}`)
    }
    super(message ?? STATUS_CODES[statusCode] ?? 'Error')
    this.name = 'HttpError'
    this.statusCode = statusCode
    this.code = options.code ?? defaultCode(statusCode)
    if (options.cause !== undefined) this.cause = options.cause
  }

  // @fastify/error installs a Symbol.hasInstance matching every error of its code; restore the usual
  // prototype-chain check so `err instanceof NotFound` is false for a BadRequest.
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class `instanceof` is asked about
    return Function.prototype[Symbol.hasInstance].call(this, value)
  }
}

// Not an own property: it stays out of `JSON.stringify(error)` and of log lines.
Object.defineProperty(HttpError.prototype, 'expose', {
  value: true,
  writable: true,
  configurable: true,
  enumerable: false,
})

/**
 * A named HTTP error class (`NotFound`, `Conflict`...): `new NotFound(message?, options?)`.
 * Declared, not inferred, so that the published declarations name `HttpError` instead of
 * spelling out its members (which drag in types only some fastify 5 versions export).
 *
 * @example
 * const Gone: NamedHttpErrorClass = NotFound
 * throw new Gone('Book 12 was removed')
 */
export interface NamedHttpErrorClass {
  new (message?: string, options?: HttpErrorOptions): HttpError
  readonly prototype: HttpError
}

function named(status: number, className: string): NamedHttpErrorClass {
  const Named = class extends HttpError {
    constructor(message?: string, options?: HttpErrorOptions) {
      super(status, message, options)
      this.name = className
    }
  }
  Object.defineProperty(Named, 'name', { value: className })
  return Named
}

/** 400. @example throw new BadRequest('`from` must be before `to`') */
export const BadRequest = named(400, 'BadRequest')
/** 401. @example throw new Unauthorized('Missing token') */
export const Unauthorized = named(401, 'Unauthorized')
/** 402. @example throw new PaymentRequired() */
export const PaymentRequired = named(402, 'PaymentRequired')
/** 403. @example throw new Forbidden('Admins only') */
export const Forbidden = named(403, 'Forbidden')
/** 404. @example throw new NotFound(`User ${id} not found`) */
export const NotFound = named(404, 'NotFound')
/** 405. @example throw new MethodNotAllowed() */
export const MethodNotAllowed = named(405, 'MethodNotAllowed')
/** 406. @example throw new NotAcceptable() */
export const NotAcceptable = named(406, 'NotAcceptable')
/** 408. @example throw new RequestTimeout() */
export const RequestTimeout = named(408, 'RequestTimeout')
/** 409. @example throw new Conflict('Email already registered') */
export const Conflict = named(409, 'Conflict')
/** 410. @example throw new Gone() */
export const Gone = named(410, 'Gone')
/** 412. @example throw new PreconditionFailed('ETag mismatch') */
export const PreconditionFailed = named(412, 'PreconditionFailed')
/** 413. @example throw new PayloadTooLarge() */
export const PayloadTooLarge = named(413, 'PayloadTooLarge')
/** 415. @example throw new UnsupportedMediaType() */
export const UnsupportedMediaType = named(415, 'UnsupportedMediaType')
/** 422. @example throw new UnprocessableEntity('Unknown country code') */
export const UnprocessableEntity = named(422, 'UnprocessableEntity')
/** 429. @example throw new TooManyRequests('Slow down') */
export const TooManyRequests = named(429, 'TooManyRequests')
/** 500. @example throw new InternalServerError() */
export const InternalServerError = named(500, 'InternalServerError')
/** 501. @example throw new NotImplemented() */
export const NotImplemented = named(501, 'NotImplemented')
/** 502. @example throw new BadGateway('Upstream failed') */
export const BadGateway = named(502, 'BadGateway')
/** 503. @example throw new ServiceUnavailable('Maintenance') */
export const ServiceUnavailable = named(503, 'ServiceUnavailable')
/** 504. @example throw new GatewayTimeout() */
export const GatewayTimeout = named(504, 'GatewayTimeout')
