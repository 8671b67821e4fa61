import type { FastifyInstance } from 'fastify'
import { PORTICO_ERR_ROOT_PATH_REGISTRATION_INVALID } from './errors.js'
import { type OnRequest, trailingSlashOrMethod } from './not-found-check.js'
import type { ResolvedRootPathOptions } from './options.js'

// How the check reaches every not-found handler: as an onRequest hook Fastify runs only for requests
// its router did not match. Fastify has no API to add a hook to a handler someone else sets, so
// `setNotFoundHandler` is wrapped on the root instance (plugins created later inherit the wrapper).

type NotFoundOptions = { onRequest?: OnRequest | OnRequest[]; [key: string]: unknown }
type SetNotFoundHandler = (this: FastifyInstance, opts?: unknown, handler?: unknown) => FastifyInstance
interface Wrapped {
  readonly original: SetNotFoundHandler
  /** A handler was set on the root instance through the wrapper (the check is in its options). */
  rootHandlerSet: boolean
}

/** Registry symbol: a second copy of this package sees the wrapper the first installed. */
const kWrapped = Symbol.for('portico.rootPath.notFoundHandlers')

/**
 * Makes every not-found handler of `app` run root-path's 405 and trailing-slash checks first: the
 * ones `app.setNotFoundHandler` (on the app or in any plugin) sets from now on, and, once the
 * `rootPath` plugin is registered, Fastify's default one. `createApp` calls it right after creating
 * the app, so that a `setNotFoundHandler` call before the app starts works in any order. With plain
 * Fastify, call it before `setNotFoundHandler`, or register the plugin first (which calls it).
 * Idempotent; without the plugin the check does nothing.
 *
 * @example
 * const app = Fastify({ rewriteUrl: rootPathRewriteUrl })
 * rootPathNotFound(app)
 * app.setNotFoundHandler(myHandler) // still gets the redirects and 405s first
 * await app.register(rootPath, { rootPath: '/api/v1' })
 */
export function rootPathNotFound(app: FastifyInstance): void {
  wrap(app)
}

function wrap(app: FastifyInstance): Wrapped {
  const target = app as unknown as { [kWrapped]?: Wrapped; setNotFoundHandler: SetNotFoundHandler }
  const existing = target[kWrapped]
  if (existing !== undefined) return existing
  const wrapped: Wrapped = { original: target.setNotFoundHandler, rootHandlerSet: false }
  target.setNotFoundHandler = function setNotFoundHandler(this: FastifyInstance, opts, handler) {
    if (typeof opts === 'function') {
      handler = opts
      opts = undefined
    }
    const given = (opts ?? {}) as NotFoundOptions
    const own = given.onRequest === undefined ? [] : [given.onRequest].flat()
    const result = wrapped.original.call(
      this,
      { ...given, onRequest: [trailingSlashOrMethod, ...own] },
      handler,
    )
    if (this === app && handler !== undefined) wrapped.rootHandlerSet = true
    return result
  }
  Object.defineProperty(target, kWrapped, { value: wrapped, enumerable: false })
  return wrapped
}

/**
 * The plugin's part: wraps `setNotFoundHandler` (if `rootPathNotFound` did not already) and puts the
 * check on Fastify's default not-found handler, unless a handler set through the wrapper replaced it.
 */
export function installNotFound(fastify: FastifyInstance, options: ResolvedRootPathOptions): void {
  if (options.redirectSlashes === false && !options.methodNotAllowed) return
  const wrapped = wrap(fastify)
  if (wrapped.rootHandlerSet) return
  try {
    // No handler: Fastify keeps its own 404 answer and still lets the user set a handler later.
    wrapped.original.call(fastify, { onRequest: [trailingSlashOrMethod] })
  } catch {
    throw new PORTICO_ERR_ROOT_PATH_REGISTRATION_INVALID(
      'register it before app.setNotFoundHandler(...), or call rootPathNotFound(app) first (the trailing-slash ' +
        'redirect and the 405 run before every not-found handler), or set redirectSlashes: false and methodNotAllowed: false',
    )
  }
}
