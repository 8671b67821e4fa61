import { STATUS_CODES } from 'node:http'
import type { FastifyError, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify'
import { type ErrorHandler, errorStatus, isExposed, isLogSilenced, setErrorStatus } from './error-handler.js'
import {
  type AjvErrorLike,
  appendEntries,
  jsonDecodeEntry,
  locationOf,
  MAX_VALIDATION_ERRORS,
  missingBodyEntry,
  type ValidationErrorEntry,
} from './validation-errors.js'

// createApp's `errorFormat: 'fastapi'`: every error answer is FastAPI's `{ detail }`, a validation
// error a 422 listing every failing field of every input. Fastify stops at the first input that
// fails (params, body, querystring, headers, in that order), so the inputs it did not reach are
// validated here, with the route's own compiled validators, on the error path only.

/** What {@link fastapiErrorHandler} needs of createApp's options. */
export interface FastapiErrorHandlerOptions {
  /** Fastify's `disableRequestLogging`: no error log line when it says so. */
  disableRequestLogging?: FastifyServerOptions['disableRequestLogging']
  /** createApp's `exposeErrors`: send the message of unexposed 5xx errors too. */
  exposeErrors?: boolean
}

/** The inputs Fastify validates, in its order, with the request property each reads. */
const PARTS = [
  ['params', 'params'],
  ['body', 'body'],
  ['querystring', 'query'],
  ['headers', 'headers'],
] as const

/** FastAPI's order of the `detail` entries: path, query, header, cookie parameters, then the body. */
const ORDER = ['path', 'query', 'header', 'cookie', 'body']

type Validator = ((data: unknown, context?: object) => unknown) & {
  errors?: AjvErrorLike[] | null
  schemaEnv?: unknown
}

/** Runs one compiled validator as Fastify does; its Ajv errors, or undefined when it passes (or is not Ajv's). */
function runValidator(request: FastifyRequest, part: string, property: string): AjvErrorLike[] | undefined {
  let validator = request.getValidationFunction(part as 'body') as unknown
  if (validator !== null && typeof validator === 'object') {
    // A body schema per content type: the one of this request's media type.
    const mediaType = (request as unknown as { mediaType?: string }).mediaType
    validator = mediaType === undefined ? undefined : (validator as Record<string, unknown>)[mediaType]
  }
  if (typeof validator !== 'function') return undefined
  const run = validator as Validator
  const value = (request as unknown as Record<string, unknown>)[property]
  const data = value === undefined ? null : value
  try {
    const result = run.schemaEnv
      ? run(data, { parentData: request, parentDataProperty: property })
      : run(data)
    if (result === false) return run.errors ?? undefined
    const error = (result as { error?: { validation?: unknown } } | null)?.error
    return Array.isArray(error?.validation) ? (error.validation as AjvErrorLike[]) : undefined
  } catch {
    return undefined // A throwing custom validator: the error already being answered says enough.
  }
}

/**
 * The `detail` entries of a validation error: the failing input's, then those of the inputs
 * Fastify did not validate after it, in FastAPI's order, at most MAX_VALIDATION_ERRORS.
 */
function validationDetail(error: FastifyError, request: FastifyRequest): ValidationErrorEntry[] {
  const context = (error as { validationContext?: string }).validationContext
  const byLocation = new Map<string, { context: string; errors: AjvErrorLike[]; data: unknown }[]>()
  const add = (part: string, errors: AjvErrorLike[], data: unknown) => {
    const location = locationOf(part)
    byLocation.set(location, [...(byLocation.get(location) ?? []), { context: part, errors, data }])
  }
  const failed = PARTS.find(([part]) => part === context)
  if (failed !== undefined)
    add(failed[0], error.validation as AjvErrorLike[], requestPart(request, failed[1]))
  else add(context ?? 'body', error.validation as AjvErrorLike[], context && requestPart(request, context))
  // After the failing input (or all of them when it is not one Fastify validates: cookies, forms).
  const start = failed === undefined ? 0 : PARTS.indexOf(failed) + 1
  for (const [part, property] of PARTS.slice(start)) {
    const errors = runValidator(request, part, property)
    if (errors !== undefined && errors.length > 0) add(part, errors, requestPart(request, property))
  }
  const out: ValidationErrorEntry[] = []
  const seen = new Set<string>()
  const locations = [...byLocation.keys()].sort((a, b) => rank(a) - rank(b))
  for (const location of locations) {
    for (const { context: part, errors, data } of byLocation.get(location) ?? []) {
      appendEntries(out, part, errors, data, seen)
    }
  }
  return out.slice(0, MAX_VALIDATION_ERRORS)
}

const rank = (location: string) => {
  const index = ORDER.indexOf(location)
  return index === -1 ? ORDER.length : index
}

const requestPart = (request: FastifyRequest, property: string) =>
  (request as unknown as Record<string, unknown>)[property]

/** Whether `error` is a schema validation error (Fastify's, or one raised the same way: `validation` set). */
export function isValidationError(error: unknown): boolean {
  return Array.isArray((error as { validation?: unknown } | null | undefined)?.validation)
}

/** The 422 entries of a request body Fastify could not parse, or undefined for any other error. */
function bodyParseDetail(error: FastifyError): ValidationErrorEntry[] | undefined {
  if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY') return [jsonDecodeEntry(error.message)]
  if (error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return [missingBodyEntry()]
  return undefined
}

/**
 * The error handler of `errorFormat: 'fastapi'`: a validation error (or a JSON body that does not
 * parse) answers 422 `{ detail: [{ loc, msg, type }] }`, every other error `{ detail: <message> }`
 * with its status and headers (`WWW-Authenticate`, `Allow`, `Retry-After` kept); a 5xx error that
 * is not exposed (`expose: true`) says only its status text, unless `exposeErrors`. Logged as
 * Fastify logs errors (5xx at `error` with the request, others at `info`).
 *
 * @example
 * app.setErrorHandler(fastapiErrorHandler({ exposeErrors: false }))
 * // POST /books {"isbn": 5} -> 422 { detail: [{ loc: ['body', 'isbn'], msg: 'str type expected', type: 'type_error.str' }] }
 */
export function fastapiErrorHandler(options: FastapiErrorHandlerOptions = {}): ErrorHandler {
  const { disableRequestLogging, exposeErrors = false } = options
  return function porticoErrorHandler(error, request, reply) {
    const detail = isValidationError(error) ? validationDetail(error, request) : bodyParseDetail(error)
    const status = detail !== undefined ? 422 : errorStatus(error, reply.statusCode)
    setErrorStatus(error, reply, status)
    if (!isLogSilenced(disableRequestLogging, request)) {
      const message = (error as Error | undefined)?.message
      if (status >= 500) reply.log.error({ req: request, res: reply, err: error }, message)
      else reply.log.info({ res: reply, err: error }, message)
    }
    if (detail !== undefined) return reply.send({ detail })
    const text = STATUS_CODES[status] ?? 'Internal Server Error'
    const shown = exposeErrors || isExposed(error, status)
    const message = (error as Error | null | undefined)?.message
    return reply.send({ detail: shown && typeof message === 'string' && message !== '' ? message : text })
  }
}

/**
 * The not-found handler of `errorFormat: 'fastapi'`: 404 `{ detail: 'Not Found' }`, FastAPI's
 * answer to a path no route serves (root-path's 405 and trailing-slash redirect run before it).
 *
 * @example
 * app.setNotFoundHandler(fastapiNotFound)
 */
export function fastapiNotFound(request: FastifyRequest, reply: FastifyReply): void {
  request.log.info(`Route ${request.raw.method}:${request.raw.url} not found`)
  reply.code(404).send({ detail: 'Not Found' })
}
