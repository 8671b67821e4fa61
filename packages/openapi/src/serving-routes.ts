import type { FastifyInstance, FastifyReply } from 'fastify'
import { type Asset, AssetCache, type AssetSet } from './assets.js'
import {
  allowsBlobWorkers,
  connectOrigins,
  cspHeader,
  type DocsPage,
  deniesFraming,
  type ResolvedDocsCsp,
} from './docs-csp.js'
import type { DocumentBuild } from './document-build.js'
import type { OpenApiServeHook, ServerObject } from './options.js'
import { oauth2RedirectHtml, redocHtml, swaggerUiHtml } from './pages.js'
import type { ResolvedOptions } from './resolve-options.js'
import type { ResolvedServeContext, ServeContextResolver } from './serve-context.js'

/** What the serving routes of one openapi plugin read. */
export interface ServingParts {
  options: ResolvedOptions
  build: DocumentBuild
  /** Read per response: hooks added before ready take part. */
  serveHooks: readonly OpenApiServeHook[]
  serveContext: ServeContextResolver
  /** The pages' files, checked when the plugin was registered (`undefined` when the page is off). */
  swaggerUi: AssetSet | undefined
  redoc: AssetSet | undefined
}

const joinPath = (base: string, path: string) => `${base.replace(/\/+$/, '')}${path}`

const IMMUTABLE = 'public, max-age=31536000, immutable'

/**
 * The `Content-Security-Policy` value of each page, built once: ReDoc's and the OAuth2 page's never
 * change; Swagger UI's `connect-src` follows the servers served with the page, which serve hooks
 * return as one frozen array per root path (root-path's does), so one value per such array is kept.
 */
function policyHeaders(
  docsCsp: Exclude<ResolvedDocsCsp, false>,
  options: ResolvedOptions,
  build: DocumentBuild,
): (page: DocsPage, servers: readonly ServerObject[] | undefined) => string {
  // Fetched by Swagger UI besides its own origin: the OAuth2 token URLs and the absolute URLs of the
  // servers served with the page (per request: serve hooks may set them). The token URLs are read
  // from the document on the first page (the schemes the routes' dependencies declare are known
  // once the app is ready), the option's alone if it cannot be generated.
  let tokenOrigins: string[] | undefined
  const tokens = () => {
    if (tokenOrigins !== undefined) return tokenOrigins
    let schemes = options.securitySchemes
    try {
      schemes = build.get().document.components?.securitySchemes as typeof schemes
    } catch {
      // The document's own route answers its error; the page still gets a policy.
    }
    tokenOrigins = connectOrigins(undefined, schemes)
    return tokenOrigins
  }
  const swaggerUi = (servers: readonly ServerObject[] | undefined) =>
    cspHeader(docsCsp.swaggerUi, [...tokens(), ...connectOrigins(servers, undefined)])
  let fixedSwaggerUi: string | undefined
  const fixed: Readonly<Record<Exclude<DocsPage, 'swaggerUi'>, string>> = {
    redoc: cspHeader(docsCsp.redoc),
    oauth2Redirect: cspHeader(docsCsp.oauth2Redirect),
  }
  const byFrozenServers = new WeakMap<readonly ServerObject[], string>()
  return (page, servers) => {
    if (page !== 'swaggerUi') return fixed[page]
    if (servers === undefined) {
      fixedSwaggerUi ??= swaggerUi(options.servers)
      return fixedSwaggerUi
    }
    if (!Object.isFrozen(servers)) return swaggerUi(servers)
    let header = byFrozenServers.get(servers)
    if (header === undefined) {
      header = swaggerUi(servers)
      byFrozenServers.set(servers, header)
    }
    return header
  }
}

/**
 * Registers on `instance` the routes that serve the document (`openapiUrl`), Swagger UI (`docsUrl`,
 * its assets and the OAuth2 redirect page) and ReDoc (`redocUrl` and its bundle). All hidden from
 * the document. Nothing when `openapiUrl` is `null`.
 */
export function registerServingRoutes(instance: FastifyInstance, parts: ServingParts): void {
  const { options, build, serveHooks, serveContext } = parts
  if (options.openapiUrl === null) return
  const openapiUrl = options.openapiUrl

  // Responses built from a request (serve hooks) must not be reused for another request.
  const cacheHeaders = (reply: FastifyReply, context: ResolvedServeContext) => {
    if (serveHooks.length === 0) {
      reply.header('cache-control', 'no-cache')
      return
    }
    reply.header('cache-control', 'no-store')
    if (context.vary !== undefined) reply.header('vary', context.vary)
  }
  const hidden = { schema: { hide: true } }

  // Synchronous: an async handler costs a promise and a microtask per request, a few percent of
  // CPU on this small, hot route. The cached serialization gets the request's `servers` spliced in.
  instance.get(openapiUrl, hidden, (request, reply) => {
    const { serialized } = build.get()
    const context = serveContext.resolve(request)
    cacheHeaders(reply, context)
    reply.type('application/json; charset=utf-8').send(serialized.render(context.servers))
  })

  const cache = new AssetCache()
  // One route per page's files, not one per file: a route costs Fastify about half a millisecond
  // to register (twice with its HEAD route), and the pages' files are a dozen routes at every start.
  const serveAssets = (base: string, assets: Asset[]) => {
    const byName = new Map(assets.map((asset) => [asset.name, asset]))
    instance.get<{ Params: { file: string } }>(`${base}/:file`, hidden, async (request, reply) => {
      const asset = byName.get(request.params.file)
      if (asset === undefined) return reply.callNotFound()
      const content = await cache.read(asset)
      return reply
        .type(asset.contentType)
        .header('cache-control', IMMUTABLE)
        .header('x-content-type-options', 'nosniff')
        .send(content)
    })
  }
  const { docsCsp } = options
  const denyFraming = deniesFraming(docsCsp)
  const policyHeader = docsCsp === false ? undefined : policyHeaders(docsCsp, options, build)
  /** Sets the page's security headers; returns every policy the response now carries. */
  const securityHeaders = (reply: FastifyReply, page: DocsPage, context: ResolvedServeContext) => {
    // A policy already on the response (@fastify/helmet's, an onRequest hook's) is kept beside the
    // page's: browsers enforce both, so the app's own policy still holds on the docs pages.
    const existing =
      reply.getHeader('content-security-policy') ?? reply.raw.getHeader('content-security-policy')
    const policies = existing === undefined ? [] : [existing].flat().map(String)
    if (policyHeader !== undefined) {
      policies.push(policyHeader(page, context.servers))
      reply.header('content-security-policy', policies.length === 1 ? policies[0] : policies)
    }
    if (denyFraming) reply.header('x-frame-options', 'DENY')
    reply.header('x-content-type-options', 'nosniff').header('referrer-policy', 'no-referrer')
    return policies
  }
  const html = (reply: FastifyReply, context: ResolvedServeContext, body: string) => {
    cacheHeaders(reply, context)
    return reply.type('text/html; charset=utf-8').send(body)
  }

  if (options.docsUrl !== null && parts.swaggerUi !== undefined) {
    const { version, assets, start } = parts.swaggerUi
    const assetsPath = joinPath(options.docsUrl, `/assets/swagger-ui-${version}`)
    serveAssets(assetsPath, assets)
    instance.get(options.docsUrl, hidden, async (request, reply) => {
      const context = serveContext.resolve(request)
      securityHeaders(reply, 'swaggerUi', context)
      return html(
        reply,
        context,
        swaggerUiHtml({
          title: options.docsTitle ?? `${options.info.title} - Swagger UI`,
          openapiUrl: context.basePath + openapiUrl,
          oauth2RedirectUrl:
            options.oauth2RedirectUrl === null ? null : context.basePath + options.oauth2RedirectUrl,
          assetsUrl: context.basePath + assetsPath,
          startScript: start.name,
          parameters: options.swaggerUiParameters,
          initOAuth: options.swaggerUiInitOAuth,
        }),
      )
    })
    if (options.oauth2RedirectUrl !== null) {
      instance.get(options.oauth2RedirectUrl, hidden, async (request, reply) => {
        const context = serveContext.resolve(request)
        securityHeaders(reply, 'oauth2Redirect', context)
        return html(reply, context, oauth2RedirectHtml(context.basePath + assetsPath))
      })
    }
  }

  if (options.redocUrl !== null && parts.redoc !== undefined) {
    const { version, assets, start } = parts.redoc
    const assetsPath = joinPath(options.redocUrl, `/assets/redoc-${version}`)
    serveAssets(assetsPath, assets)
    instance.get(options.redocUrl, hidden, async (request, reply) => {
      const context = serveContext.resolve(request)
      const policies = securityHeaders(reply, 'redoc', context)
      // ReDoc's search runs in a blob: worker. Where a policy forbids it (@fastify/helmet's default
      // does), the search is turned off rather than shown as a box that never answers (and a CSP
      // violation), unless the options decide.
      const redocOptions =
        'disableSearch' in options.redocOptions || allowsBlobWorkers(policies)
          ? options.redocOptions
          : { ...options.redocOptions, disableSearch: true }
      return html(
        reply,
        context,
        redocHtml({
          title: options.docsTitle ?? `${options.info.title} - ReDoc`,
          openapiUrl: context.basePath + openapiUrl,
          assetsUrl: context.basePath + assetsPath,
          startScript: start.name,
          options: redocOptions,
        }),
      )
    })
  }
}
