import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest, RouteOptions } from 'fastify'
import fp from 'fastify-plugin'
import { allowedHostsHook } from './allowed-hosts.js'
import './augmentation.js'
import {
  PORTICO_ERR_ROOT_PATH_REGISTRATION_INVALID,
  PORTICO_ERR_ROOT_PATH_REWRITE_NOT_WIRED,
  PORTICO_ERR_ROOT_PATH_ROUTE_NAME_DUPLICATE,
  PORTICO_ERR_ROOT_PATH_ROUTE_NAME_INVALID,
  PORTICO_ERR_ROOT_PATH_TRUST_PROXY_INVALID,
} from './errors.js'
import { safeLocation } from './location.js'
import { installNotFound } from './not-found.js'
import { type RootPathOptions, resolveRootPathOptions } from './options.js'
import { rootPathRewriteUrl } from './rewrite-url.js'
import { compileRoutePattern, type UrlParams, type UrlQuery } from './route-pattern.js'
import {
  appRootOf,
  getScope,
  getState,
  kRootPathScope,
  kRootPathState,
  type RootPathScope,
  type RootPathState,
  setOwn,
} from './state.js'
import { compileTrust, readFastifyOptions, type TrustProxyValue } from './trust.js'
import { absoluteUrlFor, externalPath, redirectTo, urlFor } from './url-for.js'

async function rootPathPlugin(fastify: FastifyInstance, opts: RootPathOptions): Promise<void> {
  // The rewriter only sees the root instance (`this` in rewriteUrl), so the state must live there.
  if (Object.getPrototypeOf(fastify) !== Object.prototype) {
    throw new PORTICO_ERR_ROOT_PATH_REGISTRATION_INVALID(
      'register it on the root Fastify instance (app.register(rootPath, ...)), not inside an encapsulated plugin',
    )
  }
  if (getState(fastify) !== undefined)
    throw new PORTICO_ERR_ROOT_PATH_REGISTRATION_INVALID('registered twice on one app')
  const options = resolveRootPathOptions(opts)
  const fastifyOptions = readFastifyOptions(fastify)

  let trust: RootPathState['trust']
  if (options.forwardedPrefix) {
    if (fastifyOptions === undefined) {
      throw new PORTICO_ERR_ROOT_PATH_TRUST_PROXY_INVALID(
        "cannot read Fastify's trustProxy option from this Fastify version",
      )
    }
    trust = compileTrust(fastifyOptions.trustProxy as TrustProxyValue)
    if (trust === undefined) {
      throw new PORTICO_ERR_ROOT_PATH_TRUST_PROXY_INVALID(
        "X-Forwarded-Prefix is only read from a proxy that Fastify's trustProxy trusts: set trustProxy to the " +
          "proxy's address, subnet, list or a function (a hop count or false trusts no direct peer)",
      )
    }
  }

  const rootScope: RootPathScope = {
    prefix: '',
    servers: options.servers,
    rootPathInServers: options.rootPathInServers,
    routes: new Map(),
    parent: undefined,
    children: new Map(),
  }
  const state: RootPathState = {
    options,
    trust,
    rootScope,
    probing: false,
    probed: false,
    rewriterSeen: false,
  }
  setOwn(fastify, kRootPathState, state)
  setOwn(fastify, kRootPathScope, rootScope)

  if (fastifyOptions !== undefined) {
    checkRewriterWired(fastify, fastifyOptions.rewriteUrl, state)
  } else {
    // Fallback without Fastify internals: the rewriter runs before onRequest for every request.
    fastify.addHook('onRequest', async () => {
      if (!state.rewriterSeen) throw new PORTICO_ERR_ROOT_PATH_REWRITE_NOT_WIRED('no request went through it')
    })
  }

  fastify.decorateRequest('rootPath', {
    getter(this: FastifyRequest): string {
      const root = appRootOf(this)
      const prefix = getScope(this.server)?.prefix ?? ''
      return prefix === '' ? root : root + prefix
    },
  })
  fastify.decorateRequest(
    'urlFor',
    function (this: FastifyRequest, name: string, params?: UrlParams, query?: UrlQuery) {
      return urlFor(this, name, params, query)
    },
  )
  fastify.decorateRequest(
    'absoluteUrlFor',
    function (this: FastifyRequest, name: string, params?: UrlParams, query?: UrlQuery) {
      return absoluteUrlFor(this, name, params, query)
    },
  )
  fastify.decorateRequest('externalPath', function (this: FastifyRequest, path: string) {
    return externalPath(this, path)
  })
  fastify.decorateReply(
    'redirectTo',
    function (this: FastifyReply, name: string, params?: UrlParams, query?: UrlQuery, code?: number) {
      return redirectTo(this, name, params, query, code)
    },
  )

  fastify.addHook('onRoute', function (this: FastifyInstance, route: RouteOptions) {
    registerRouteName(getScope(this) ?? rootScope, route)
  })
  installNotFound(fastify, options)
  // Only when set: the default (any host) adds nothing to a request.
  if (options.allowedHosts !== undefined) fastify.addHook('onRequest', allowedHostsHook(options.allowedHosts))

  const varyOnPrefix = options.forwardedPrefix
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    const location = reply.getHeader('location')
    if (typeof location === 'string') {
      // Whoever built it (the user's reply.redirect to a query parameter, a plugin redirecting to a
      // request path), never answer a Location a browser reads as another origin, nor one Node refuses.
      const safe = safeLocation(location)
      if (safe !== location) reply.header('location', safe)
    }
    if (varyOnPrefix) addVary(reply, 'X-Forwarded-Prefix')
    done(null, payload)
  })
}

function checkRewriterWired(fastify: FastifyInstance, rewriteUrl: unknown, state: RootPathState): void {
  if (rewriteUrl === rootPathRewriteUrl) return
  if (typeof rewriteUrl !== 'function') {
    throw new PORTICO_ERR_ROOT_PATH_REWRITE_NOT_WIRED('Fastify has no rewriteUrl option')
  }
  // A user's own rewriteUrl may wrap ours: call it once with a harmless request and see if ours runs.
  state.probing = true
  let thrown: unknown
  try {
    rewriteUrl.call(fastify, {
      url: '/',
      method: 'GET',
      headers: {},
      socket: { remoteAddress: undefined },
    })
  } catch (error) {
    // Only whether our rewriter ran matters; say why if it did not.
    thrown = error
  } finally {
    state.probing = false
  }
  if (!state.probed) {
    throw new PORTICO_ERR_ROOT_PATH_REWRITE_NOT_WIRED(
      thrown === undefined
        ? 'its rewriteUrl does not call rootPathRewriteUrl'
        : `its rewriteUrl threw on a probe request for "/" before reaching rootPathRewriteUrl (${String(thrown)})`,
    )
  }
}

function registerRouteName(scope: RootPathScope, route: RouteOptions): void {
  const config = route.config as { name?: unknown; portico?: { name?: unknown } } | undefined
  const name = config?.portico?.name ?? config?.name
  if (name === undefined) return
  const url = route.url === '' ? '/' : route.url
  if (typeof name !== 'string' || name === '') throw new PORTICO_ERR_ROOT_PATH_ROUTE_NAME_INVALID(url)
  const existing = scope.routes.get(name)
  if (existing !== undefined) {
    // The HEAD route Fastify adds for a GET carries the same config and url.
    if (existing.pattern.path === url) return
    if (isSlashVariant(route as PrefixedRoute, existing.pattern.path)) return
    throw new PORTICO_ERR_ROOT_PATH_ROUTE_NAME_DUPLICATE(name, existing.pattern.path, url)
  }
  // @fastify/websocket's route options (a plain Fastify WebSocket route, or Portico's @WebSocket()).
  const ws = route as { websocket?: unknown; wsHandler?: unknown }
  const websocket = ws.websocket === true || typeof ws.wsHandler === 'function'
  scope.routes.set(
    name,
    websocket ? { pattern: compileRoutePattern(url), websocket } : { pattern: compileRoutePattern(url) },
  )
}

type PrefixedRoute = RouteOptions & { prefix?: string; routePath?: string }

/**
 * A `/` route under a prefix is registered by Fastify twice (`prefixTrailingSlash: 'both'`): at
 * `<prefix>`, the url its onRoute hooks see, and at `<prefix>/`, whose onRoute call comes only from the
 * HEAD route derived from the GET. Both are the one declared route: its name keeps the first url.
 */
function isSlashVariant(route: PrefixedRoute, existingPath: string): boolean {
  return route.routePath === '/' && route.prefix === existingPath && route.url === `${existingPath}/`
}

function addVary(reply: FastifyReply, field: string): void {
  const current = reply.getHeader('vary')
  if (current === undefined) {
    reply.header('vary', field)
    return
  }
  // Already there as set by the openapi serve hook (documents and docs pages): nothing to parse.
  if (current === field) return
  const text = Array.isArray(current) ? current.join(', ') : String(current)
  const lower = field.toLowerCase()
  if (text.split(',').some((part) => part.trim().toLowerCase() === lower || part.trim() === '*')) return
  reply.header('vary', `${text}, ${field}`)
}

/**
 * The root-path plugin. Register it on the root instance, created with `rewriteUrl: rootPathRewriteUrl`,
 * before the routes (route names are collected as routes are added). Validates its options at startup,
 * decorates `request.rootPath`, `request.urlFor`, `request.absoluteUrlFor`, `request.externalPath` and
 * `reply.redirectTo`, and makes sure no response carries a `Location` a browser reads as another origin (see `safeLocation`).
 * With `forwardedPrefix`, every response carries `Vary: X-Forwarded-Prefix`. A request that matches no
 * route gets a 405 with `Allow` when its path is served for other methods (`methodNotAllowed`), else a
 * 307/308 to the same path with the trailing slash added or removed when that one is served
 * (`redirectSlashes`), else the 404 of its not-found handler (register the plugin before
 * `setNotFoundHandler`: every not-found handler set after it gets these checks first).
 *
 * @example
 * import Fastify from 'fastify'
 * import { rootPath, rootPathRewriteUrl } from '@portico/root-path'
 * const app = Fastify({ rewriteUrl: rootPathRewriteUrl })
 * await app.register(rootPath, { rootPath: '/api/v1', servers: [{ url: 'https://prod.example.com' }] })
 * app.get('/app', { config: { name: 'app' } }, async (request) => ({ root_path: request.rootPath }))
 */
export const rootPath: FastifyPluginAsync<RootPathOptions> = fp(rootPathPlugin, {
  fastify: '5.x',
  name: '@portico/root-path',
})
