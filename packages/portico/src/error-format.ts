import { ERROR_FORMATS, type ErrorFormat } from '@portico/openapi'
import type { FastifyInstance, FastifyPluginCallback, FastifyServerOptions } from 'fastify'
import { type ErrorHandlerOptions, installErrorHandler } from './error-handler.js'
import { PORTICO_ERR_APP_OPTION_INVALID } from './errors.js'
import { fastapiErrorHandler, fastapiNotFound } from './fastapi-errors.js'
import { registerLast } from './register-last.js'

// createApp's `errorFormat`: which error handler and not-found answer the app gets, how Ajv reports
// errors, and where sub-applications (createSubApp) read the format, so that their documents
// describe the answers the parent's error handler sends.

/** Registry symbol: read across copies of the package (a sub-app built by another copy). */
const kErrorFormat = Symbol.for('portico.app.errorFormat')

/**
 * Validates createApp's `errorFormat` option; its value, `'fastify'` when absent.
 *
 * @example
 * checkErrorFormat(undefined) // 'fastify'
 * checkErrorFormat('FastAPI') // throws PORTICO_ERR_APP_OPTION_INVALID naming errorFormat
 */
export function checkErrorFormat(value: unknown): ErrorFormat {
  if (value === undefined) return 'fastify'
  if (!ERROR_FORMATS.includes(value as ErrorFormat)) {
    throw new PORTICO_ERR_APP_OPTION_INVALID(
      'errorFormat',
      `expected ${ERROR_FORMATS.map((format) => `'${format}'`).join(' or ')}, got ${JSON.stringify(value)}`,
    )
  }
  return value as ErrorFormat
}

/**
 * Fastify's `ajv` server option for `format`: under `'fastapi'`, Ajv's `allErrors` (every failing
 * field is reported, not only the first), unless the user's `ajv.customOptions` set it; their
 * other Ajv options and plugins are kept. Under `'fastify'`, `ajv` unchanged.
 *
 * @example
 * ajvOptionsFor('fastapi', { customOptions: { coerceTypes: false } })
 * // { customOptions: { allErrors: true, coerceTypes: false } }
 */
export function ajvOptionsFor(
  format: ErrorFormat,
  ajv: FastifyServerOptions['ajv'],
): FastifyServerOptions['ajv'] {
  if (format !== 'fastapi') return ajv
  const customOptions = { allErrors: true, ...ajv?.customOptions }
  return { ...ajv, customOptions } as FastifyServerOptions['ajv']
}

/**
 * The error format of the app `instance` belongs to (`'fastify'` for an app createApp did not make).
 *
 * @example
 * errorFormatOf(createApp({ errorFormat: 'fastapi' })) // 'fastapi'
 */
export function errorFormatOf(instance: FastifyInstance): ErrorFormat {
  return (instance as unknown as Record<symbol, ErrorFormat | undefined>)[kErrorFormat] ?? 'fastify'
}

/** What {@link installErrorFormat} needs: the error handler's options and createApp's `exposeErrors`. */
export interface ErrorFormatOptions extends ErrorHandlerOptions {
  exposeErrors?: boolean
}

/**
 * Gives a new app the answers of `format`, right after `Fastify()` (before any route or plugin):
 * `'fastify'`: Portico's error handler (5xx messages hidden) unless `exposeErrors`, else Fastify's
 * own; `'fastapi'`: {@link fastapiErrorHandler} and, at the first `ready()`, a not-found handler
 * answering `{ detail: 'Not Found' }` unless the user set one on the app by then. Records the
 * format for sub-applications (inherited by every plugin context).
 *
 * @example
 * const app = Fastify()
 * installErrorFormat(app, 'fastapi', { exposeErrors: false })
 */
export function installErrorFormat(
  app: FastifyInstance,
  format: ErrorFormat,
  options: ErrorFormatOptions = {},
): void {
  Object.defineProperty(app, kErrorFormat, { value: format, enumerable: false })
  if (format === 'fastify') {
    if (options.exposeErrors !== true) installErrorHandler(app, options)
    return
  }
  installErrorHandler(app, options, fastapiErrorHandler(options))
  registerLast(app, notFoundPlugin)
}

// Added last (registerLast), so a not-found handler the user set on the app, directly or in a
// plugin, is already there: Fastify allows one per prefix and throws on a second.
const notFoundPlugin: FastifyPluginCallback = (instance, _options, done) => {
  try {
    instance.setNotFoundHandler(fastapiNotFound)
  } catch {
    // The user's handler answers unknown paths.
  }
  done()
}
// Same context as the app (fastify-plugin's marker, without the dependency).
;(notFoundPlugin as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true
Object.defineProperty(notFoundPlugin, 'name', { value: 'portico-fastapi-not-found' })
