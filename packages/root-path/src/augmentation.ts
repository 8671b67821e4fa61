import type { UrlParams, UrlQuery } from './route-pattern.js'

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * Effective root path of this request: the trusted `X-Forwarded-Prefix` when enabled and valid, else
     * the `rootPath` option; plus the mount prefix inside a mounted sub-application. `''` when none.
     */
    readonly rootPath: string
    /** Root-path-aware path of a named route. @example request.urlFor('item', { id: 1 }) // '/api/v1/items/1' */
    urlFor(name: string, params?: UrlParams, query?: UrlQuery): string
    /** Absolute URL of a named route with the trusted protocol and host. */
    absoluteUrlFor(name: string, params?: UrlParams, query?: UrlQuery): string
    /** Path for clients of a path in the app's routing space. @example request.externalPath('/docs/') */
    externalPath(path: string): string
  }
  interface FastifyReply {
    /** Redirect to a named route, keeping the root path. @example reply.redirectTo('item', { id: 1 }) */
    redirectTo(name: string, params?: UrlParams, query?: UrlQuery, code?: number): FastifyReply
  }
  interface FastifyContextConfig {
    /** Route name for `request.urlFor` (plain Fastify routes; Portico controllers use `portico.name`). */
    name?: string
  }
}
