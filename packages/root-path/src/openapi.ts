import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify'
import type { ServerObject } from './options.js'
import { computeServers } from './servers.js'
import { serversFor } from './servers-for-request.js'
import { getScope, getState } from './state.js'
import { externalPath } from './url-for.js'

/**
 * What a @portico/openapi serve hook returns (see CONTRIBUTING.md, "serve hook").
 *
 * @example
 * const context: OpenApiServeContext = { basePath: '/api/v1', servers: [{ url: '/api/v1' }] }
 */
export interface OpenApiServeContext {
  basePath?: string
  servers?: ServerObject[]
  /** Request headers the values were derived from (for the `Vary` header). */
  vary?: string[]
}

const VARY_FORWARDED = Object.freeze(['X-Forwarded-Prefix']) as string[]

/**
 * Serve hook for @portico/openapi: `{ basePath: request.rootPath, servers }` with `servers` computed per
 * request (FastAPI's rules), plus `vary: ['X-Forwarded-Prefix']` when forwarded prefixes are enabled.
 * Works for the app and inside mounted sub-applications. The returned array is frozen and the same array
 * for every request with the same root path (so a serializer may cache its JSON by identity); never
 * mutate it.
 *
 * @example
 * await app.register(openapi, { serveHook: rootPathServeHook })
 */
export function rootPathServeHook(request: FastifyRequest): OpenApiServeContext | undefined {
  const scope = getScope(request.server)
  if (scope === undefined) return undefined
  // request.rootPath is a getter (root + mount prefix): read it once for both fields.
  const basePath = request.rootPath
  const servers = computeServers(basePath, scope) as ServerObject[]
  if (getState(request.server)?.options.forwardedPrefix) return { basePath, servers, vary: VARY_FORWARDED }
  return { basePath, servers }
}

/**
 * For plain @fastify/swagger + @fastify/swagger-ui users: a `transformSpecification` that returns a shallow
 * copy of the document with this request's `servers` (key removed when empty; Swagger 2.0 documents get
 * `basePath` instead). Cost: one shallow object copy per request, plus Fastify serializing the whole
 * document for each response (@fastify/swagger-ui does that anyway); use `transformSpecificationClone:
 * false` so swagger-ui does not deep-clone the document first (this function never mutates it).
 *
 * @example
 * await app.register(swaggerUi, { transformSpecification: rootPathTransformSpecification, transformSpecificationClone: false })
 */
export function rootPathTransformSpecification<T extends Record<string, any>>(
  swaggerObject: T,
  request: FastifyRequest,
): T {
  if (getScope(request.server) === undefined) return swaggerObject
  if (swaggerObject.swagger === '2.0') return { ...swaggerObject, basePath: request.rootPath || '/' }
  const servers = serversFor(request)
  const { servers: _configured, ...rest } = swaggerObject
  return (servers.length === 0 ? rest : { ...rest, servers }) as unknown as T
}

const NOT_INDEX = /\/(?:json|yaml)$|\/static\//

/**
 * `onRequest` hook for @fastify/swagger-ui's `uiHooks`. Swagger UI's page uses URLs relative to itself
 * only when reached with a trailing slash (`/docs/`); reached as `/docs` it loads its assets from the
 * absolute `/docs/static/...`, which misses the root path, and its `/docs/static/index.html` redirect
 * drops the root path too. This hook redirects both to `<root path>/docs/`.
 *
 * @example
 * await app.register(swaggerUi, { routePrefix: '/docs', uiHooks: { onRequest: swaggerUiRootPathHook } })
 */
export function swaggerUiRootPathHook(
  request: FastifyRequest,
  reply: FastifyReply,
  done: HookHandlerDoneFunction,
) {
  const routeUrl = request.routeOptions.url
  if (routeUrl !== undefined && !routeUrl.endsWith('/')) {
    const url = request.url
    const query = url.indexOf('?')
    const path = query === -1 ? url : url.slice(0, query)
    const search = query === -1 ? '' : url.slice(query)
    if (routeUrl.endsWith('/static/index.html')) {
      reply.redirect(externalPath(request, `${path.slice(0, -'/static/index.html'.length)}/`) + search)
      return
    }
    if (!NOT_INDEX.test(routeUrl) && !path.endsWith('/')) {
      reply.redirect(externalPath(request, `${path}/`) + search)
      return
    }
  }
  done()
}

/**
 * Options to spread into @fastify/swagger-ui so its page and document follow the root path:
 * per-request `servers` ({@link rootPathTransformSpecification}) and the trailing-slash redirect
 * ({@link swaggerUiRootPathHook}). Merge by hand if you have your own `uiHooks`.
 *
 * @example
 * await app.register(swaggerUi, { routePrefix: '/docs', ...swaggerUiRootPathOptions() })
 */
export function swaggerUiRootPathOptions() {
  return {
    transformSpecification: rootPathTransformSpecification,
    transformSpecificationClone: false,
    uiHooks: { onRequest: swaggerUiRootPathHook },
  }
}
