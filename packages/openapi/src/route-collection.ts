import { formatParamUrl } from '@fastify/swagger'
import type { FastifyInstance, RouteOptions } from 'fastify'
import { type OwnerToken, ownerOf, relativeUrl } from './scope.js'

/** An operation of the document: the route it comes from and its operationId (set when ready). */
export interface DocumentedOperation {
  route: RouteOptions
  /** Path relative to the plugin's prefix, Fastify syntax. */
  url: string
  method: string
  methodCount: number
  operationId: string
}

/** What one openapi plugin collected from the routes added after it. */
export interface RouteCollection {
  /**
   * Routes of the plugin's context and of descendants without their own openapi plugin, except those
   * of a mounted sub-application (see `isOwnRoute`).
   */
  readonly ownRoutes: WeakSet<RouteOptions>
  /** The operations those routes put in the document, by `"<OpenAPI path> <lower-case method>"`. */
  readonly operations: Map<string, DocumentedOperation>
}

/**
 * Whether @fastify/swagger puts `route` in the document (its onRoute filter and `shouldRouteHide`
 * with the default options this plugin uses): HEAD routes Fastify derives from GET are left out, so
 * are `hide: true` and the `X-HIDDEN` tag. A route with its own `config.swaggerTransform` bypasses
 * this plugin's transform and gets no operationId from it.
 */
export function isDocumented(route: RouteOptions): boolean {
  const config = route.config as
    | { swagger?: { exposeHeadRoute?: boolean }; swaggerTransform?: unknown }
    | undefined
  if (config?.swaggerTransform !== undefined) return false
  const schema = route.schema as { hide?: unknown; tags?: unknown; operationId?: unknown } | undefined
  if (route.method === 'HEAD') {
    // An exposed HEAD route with an operationId is documented as a copy (operationId + '-head').
    if (config?.swagger?.exposeHeadRoute !== true || schema?.operationId !== undefined) return false
  }
  if (schema?.hide) return false
  return !(Array.isArray(schema?.tags) && schema.tags.includes('X-HIDDEN'))
}

/**
 * Set (an own property) by @portico/root-path's `mount()` on the context of a mounted
 * sub-application. The contract between the two packages, which import nothing of each other
 * (CONTRIBUTING.md, "Contracts between packages"): a marked context is an application of its own.
 */
const kMounted = Symbol.for('portico.mount')

/** The nearest context, from `context` up its encapsulation chain, that `mount()` marked. */
function mountOf(context: object): object | undefined {
  for (let current: object | null = context; current !== null; current = Object.getPrototypeOf(current)) {
    if (Object.hasOwn(current, kMounted)) return current
  }
  return undefined
}

/**
 * Whether a route added on `context` belongs to the document of the openapi plugin `token`: the
 * nearest openapi plugin up the encapsulation chain is `token`'s, and no mounted sub-application lies
 * between the two. A mount is documented only by an openapi plugin of its own (FastAPI never lists a
 * mounted app's routes in the parent's document).
 */
export function isOwnRoute(context: FastifyInstance, token: OwnerToken): boolean {
  if (ownerOf(context) !== token) return false
  const mounted = mountOf(context)
  // Registered inside the mount, the plugin is not the owner of the mount's parent context.
  return mounted === undefined || ownerOf(Object.getPrototypeOf(mounted)) !== token
}

/**
 * Collects, in an `onRoute` hook, the routes of the plugin registered with `token` and the
 * operations they put in the document. Operations are collected from route data as routes are
 * added, so that their operationIds and security requirements are checked at startup while the
 * document itself is generated on first use.
 */
export function collectRoutes(fastify: FastifyInstance, token: OwnerToken): RouteCollection {
  const prefix = fastify.prefix
  const ownRoutes = new WeakSet<RouteOptions>()
  const operations = new Map<string, DocumentedOperation>()
  fastify.addHook('onRoute', function (this: FastifyInstance, route) {
    if (!isOwnRoute(this, token)) return
    ownRoutes.add(route)
    if (!isDocumented(route)) return
    const url = relativeUrl(route.url, prefix)
    const methods = [route.method].flat()
    for (const method of methods) {
      operations.set(`${formatParamUrl(url)} ${method.toLowerCase()}`, {
        route,
        url,
        method,
        methodCount: methods.length,
        operationId: '',
      })
    }
  })
  return { ownRoutes, operations }
}
