import type { FastifyReply, FastifyRequest } from 'fastify'
import { isHostAllowed } from './allowed-hosts.js'
import { PORTICO_ERR_ROOT_PATH_HOST_INVALID, PORTICO_ERR_ROOT_PATH_ROUTE_NOT_FOUND } from './errors.js'
import { safePath } from './prefix.js'
import { buildPath, type UrlParams, type UrlQuery } from './route-pattern.js'
import { appRootOf, getScope, getState, type NamedRoute, type RootPathScope } from './state.js'

/**
 * Finds a named route: first in the scope of the request (the app, or the mounted sub-application the
 * request is in), then in the enclosing scopes up to the app. `'subapi:name'` names a route of the
 * sub-application mounted with `name: 'subapi'` (nested: `'subapi:inner:name'`).
 */
function findRoute(request: FastifyRequest, name: string): NamedRoute {
  const path = name.split(':')
  for (let scope = getScope(request.server); scope !== undefined; scope = scope.parent) {
    let target: RootPathScope | undefined = scope
    for (let i = 0; i < path.length - 1 && target !== undefined; i++) target = target.children.get(path[i]!)
    const route = target?.routes.get(path[path.length - 1]!)
    if (route !== undefined) return route
  }
  throw new PORTICO_ERR_ROOT_PATH_ROUTE_NOT_FOUND(name)
}

/**
 * The URL path a client must use for a path of the app's routing space (a path as Fastify routes it,
 * mount prefixes included): the effective root path of this request + `path`, never starting with `//`.
 *
 * @example
 * // rootPath '/api/v1'
 * externalPath(request, '/items?page=2') // '/api/v1/items?page=2'
 */
export function externalPath(request: FastifyRequest, path: string): string {
  return safePath(appRootOf(request) + (path.startsWith('/') ? path : `/${path}`))
}

/**
 * Root-path-aware path of the route named `name`, parameters percent-encoded, query appended.
 *
 * @example
 * urlFor(request, 'item', { id: 42 }, { expand: 'owner' }) // '/api/v1/items/42?expand=owner'
 */
export function urlFor(request: FastifyRequest, name: string, params?: UrlParams, query?: UrlQuery): string {
  return externalPath(request, buildPath(findRoute(request, name).pattern, name, params, query))
}

const PROTOCOL = /^https?$/
const HOST = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9\-._~]+)(?::\d{1,5})?$/

/**
 * Absolute URL of a named route, with the request's protocol and host. Those honour Fastify's
 * `trustProxy` (X-Forwarded-Proto / X-Forwarded-Host from a trusted peer). A host or protocol that is not
 * a plain `http(s)` / `hostname[:port]` gives a 400 error rather than a URL pointing elsewhere. A
 * WebSocket route (`websocket: true`, e.g. Portico's `@WebSocket()`) gets `ws://` for `http` and
 * `wss://` for `https`.
 *
 * @example
 * absoluteUrlFor(request, 'item', { id: 42 }) // 'https://example.com/api/v1/items/42'
 * absoluteUrlFor(request, 'chat', { room: 'lobby' }) // 'wss://example.com/api/v1/chat/lobby'
 */
export function absoluteUrlFor(
  request: FastifyRequest,
  name: string,
  params?: UrlParams,
  query?: UrlQuery,
): string {
  const origin = trustedOrigin(request)
  if (origin === undefined) throw new PORTICO_ERR_ROOT_PATH_HOST_INVALID()
  const route = findRoute(request, name)
  const path = externalPath(request, buildPath(route.pattern, name, params, query))
  // http -> ws, https -> wss: the trusted protocol of this request, as for any other route.
  return `${route.websocket === true ? `ws${origin.slice(4)}` : origin}${path}`
}

/**
 * `protocol://host` of the request as Fastify reads them (`trustProxy` decides whether X-Forwarded-Proto
 * and X-Forwarded-Host count), or `undefined` when they are not a plain `http(s)` and `host[:port]`, or
 * the host is not in `allowedHosts`.
 */
export function trustedOrigin(request: FastifyRequest): string | undefined {
  const protocol = request.protocol
  const host = request.host
  if (
    typeof protocol !== 'string' ||
    !PROTOCOL.test(protocol) ||
    typeof host !== 'string' ||
    !HOST.test(host)
  ) {
    return undefined
  }
  // The allowedHosts hook already refused such a request; this holds for code that runs before it.
  const allowed = getState(request.server)?.options.allowedHosts
  if (allowed !== undefined && !isHostAllowed(allowed, host)) return undefined
  return `${protocol}://${host}`
}

/**
 * Redirects to the route named `name` (root-path-aware, see {@link urlFor}). Default status 302.
 *
 * @example
 * return reply.redirectTo('item', { id: 42 }, undefined, 303)
 */
export function redirectTo(
  reply: FastifyReply,
  name: string,
  params?: UrlParams,
  query?: UrlQuery,
  code?: number,
): FastifyReply {
  const location = urlFor(reply.request, name, params, query)
  return code === undefined ? reply.redirect(location) : reply.redirect(location, code)
}
