import fastifySwagger, { formatParamUrl } from '@fastify/swagger'
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify'
import fp from 'fastify-plugin'
import { type Asset, AssetCache, redocAssets, swaggerUiAssets } from './assets.js'
import { componentName, pruneUnusedSchemas } from './components.js'
import {
  HookTooLateError,
  NotReadyError,
  RoutesWithoutPluginError,
  UnknownSecuritySchemeError,
} from './errors.js'
import { unwrapModels, wrapModels } from './model-refs.js'
import { describeHandler, OperationIdRegistry, operationIdOf } from './operation-id.js'
import {
  type OpenApiDocument,
  type OpenApiOptions,
  type OpenApiServeHook,
  resolveOptions,
} from './options.js'
import { oauth2RedirectHtml, redocHtml, swaggerUiHtml } from './pages.js'
import { registerDocumentation } from './registry.js'
import { withResponseDescriptions } from './response-descriptions.js'
import { claimContext, ownerOf, relativeUrl } from './scope.js'
import { SerializedDocument } from './serialized-document.js'
import { type ResolvedServeContext, ServeContextResolver } from './serve-context.js'

/** `fastify.openapi`: the document of the openapi plugin registered on this instance (or the nearest
 *  ancestor that registered one). */
export interface OpenApiInstance {
  /** The prefix the plugin was registered under ('' at the root); paths in the document are relative to it. */
  readonly prefix: string
  /** Where the document is served, relative to `prefix` (`null` when turned off). */
  readonly openapiUrl: string | null
  /**
   * The generated document, deeply frozen (clone it to change it). Available once the app is ready;
   * generated on first use (this call or the first request for the document).
   *
   * @example
   * await app.ready()
   * const paths = Object.keys(app.openapi.document().paths ?? {})
   */
  document(): OpenApiDocument
  /**
   * Adds a serve hook (before the app is ready). Hooks run in order for each document or docs
   * page response; later hooks override earlier fields.
   *
   * @example
   * app.openapi.addServeHook((request) => ({ servers: [{ url: `https://${request.hostname}` }] }))
   */
  addServeHook(hook: OpenApiServeHook): void
  /** The JSON text served for this request (serve hooks applied). */
  serialize(request: FastifyRequest): string
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Set by `@portico/openapi` on the context it is registered in (each sub-application has its own). */
    openapi: OpenApiInstance
  }
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const item of Object.values(value)) deepFreeze(item)
  }
  return value
}

function checkSecurityRequirements(
  schema: { security?: unknown } | undefined,
  declared: Record<string, unknown> | undefined,
  describe: () => string,
): void {
  const requirements = schema?.security
  if (!Array.isArray(requirements)) return
  for (const requirement of requirements) {
    for (const name of Object.keys(requirement ?? {})) {
      if (declared?.[name] === undefined) {
        throw new UnknownSecuritySchemeError(
          describe(),
          name,
          Object.keys(declared ?? {}).join(', ') || 'none',
        )
      }
    }
  }
}

/** An operation of the document: the route it comes from and its operationId (set when ready). */
interface DocumentedOperation {
  route: RouteOptions
  /** Path relative to the plugin's prefix, Fastify syntax. */
  url: string
  method: string
  methodCount: number
  operationId: string
}

/**
 * Whether @fastify/swagger puts `route` in the document (its onRoute filter and `shouldRouteHide`
 * with the default options this plugin uses): HEAD routes Fastify derives from GET are left out, so
 * are `hide: true` and the `X-HIDDEN` tag. A route with its own `config.swaggerTransform` bypasses
 * this plugin's transform and gets no operationId from it.
 */
function isDocumented(route: RouteOptions): boolean {
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

const joinPath = (base: string, path: string) => `${base.replace(/\/+$/, '')}${path}`

const IMMUTABLE = 'public, max-age=31536000, immutable'

/** Route registration left to `openapiRoutes`, by the document it serves. */
const servingRoutes = new WeakMap<OpenApiInstance, (instance: FastifyInstance) => void>()

async function openapiPlugin(fastify: FastifyInstance, rawOptions: OpenApiOptions): Promise<void> {
  const options = resolveOptions(rawOptions)
  const token = {}
  claimContext(fastify, token)
  const prefix = fastify.prefix
  const serveHooks: OpenApiServeHook[] = [...options.serveHooks]
  const serveContext = new ServeContextResolver(serveHooks, prefix)

  // Routes of this context and of descendants that did not register their own openapi plugin, and
  // the operations (path key + method) they put in the document. Operations are collected from route
  // data as routes are added, so that their operationIds and security requirements are checked at
  // startup while the document itself is generated on first use.
  const ownRoutes = new WeakSet<RouteOptions>()
  const operations = new Map<string, DocumentedOperation>()
  fastify.addHook('onRoute', function (this: FastifyInstance, route) {
    if (ownerOf(this) !== token) return
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

  // Each plugin instance gets its own @fastify/swagger under a private decorator name, so that
  // nested sub-applications do not collide on `fastify.swagger`.
  const swaggerKey = Symbol('@portico/openapi.swagger')
  await fastify.register(fastifySwagger, {
    decorator: swaggerKey as unknown as string,
    openapi: {
      openapi: '3.1.0',
      info: options.info,
      ...(options.tags ? { tags: options.tags } : {}),
      ...(options.security ? { security: options.security } : {}),
      ...(options.externalDocs ? { externalDocs: options.externalDocs } : {}),
      ...(options.securitySchemes ? { components: { securitySchemes: options.securitySchemes } } : {}),
    },
    // Servers are spliced in when serving; the paths are relative to the prefix already.
    stripBasePath: false,
    refResolver: {
      buildLocalReference(json: Record<string, unknown>, _baseUri: unknown, _fragment: unknown, i: number) {
        if (typeof json.$id === 'string') {
          if (json.title === undefined) json.title = json.$id
          return componentName(json.$id)
        }
        return `def-${i}`
      },
    },
    transform({ schema, url, route }) {
      if (!ownRoutes.has(route as RouteOptions)) return { schema: { ...schema, hide: true } }
      return { schema: withResponseDescriptions(wrapModels(schema)), url: relativeUrl(url, prefix) }
    },
    transformObject(documentObject) {
      const document = (documentObject as unknown as { openapiObject: OpenApiDocument }).openapiObject
      for (const [key, { operationId }] of operations) {
        const space = key.lastIndexOf(' ')
        const item = document.paths?.[key.slice(0, space)] as Record<string, object> | undefined
        const lower = key.slice(space + 1)
        const operation = item?.[lower]
        if (item === undefined || operation === undefined) continue
        // The methods of one route share one operation object: each gets its own copy.
        item[lower] = { ...operation, operationId }
      }
      unwrapModels(document.paths)
      pruneUnusedSchemas(document)
      return document
    },
  } as Parameters<typeof fastifySwagger>[1])

  // Startup checks on route data only: generating the document for 1,000 routes takes ~200 ms,
  // which startup does not pay (FastAPI also builds its document on first use).
  let ready = false
  fastify.addHook('onReady', async function checkOperations() {
    const ids = new OperationIdRegistry()
    for (const operation of operations.values()) {
      const { route, url, method, methodCount } = operation
      // @fastify/swagger dereferences requirements blindly (a TypeError); name the route instead.
      checkSecurityRequirements(route.schema, options.securitySchemes, () => describeHandler(route, method))
      operation.operationId = operationIdOf(route, url, method, methodCount, options.generateOperationId)
      ids.claim(operation.operationId, describeHandler(route, method))
    }
    ready = true
  })

  // What is served is serialized straight from the generated object; the deeply frozen copy that
  // document() hands out is made on first use (serving never needs it).
  let built: { document: OpenApiDocument; serialized: SerializedDocument } | undefined
  let failure: unknown
  let frozenDocument: OpenApiDocument | undefined
  const build = () => {
    if (built !== undefined) return built
    // A failed generation is not retried: each request for the document would pay it again.
    if (failure !== undefined) throw failure
    if (!ready) throw new NotReadyError()
    const generate = (fastify as unknown as Record<symbol, () => OpenApiDocument>)[swaggerKey]!
    let generated: OpenApiDocument
    try {
      generated = generate()
    } catch (error) {
      failure = error
      fastify.log.error({ err: error }, '@portico/openapi: generating the document failed')
      throw error
    }
    const { openapi, info, ...rest } = generated
    const document = {
      openapi,
      info,
      ...(options.servers && options.servers.length > 0 ? { servers: options.servers } : {}),
      ...rest,
    } as OpenApiDocument
    built = { document, serialized: new SerializedDocument(document) }
    return built
  }

  const api: OpenApiInstance = {
    prefix,
    openapiUrl: options.openapiUrl,
    document() {
      frozenDocument ??= deepFreeze(structuredClone(build().document))
      return frozenDocument
    },
    addServeHook(hook) {
      if (ready) throw new HookTooLateError()
      serveHooks.push(hook)
    },
    serialize(request) {
      const { serialized } = build()
      const rendered = serialized.render(serveContext.resolve(request).servers)
      return typeof rendered === 'string' ? rendered : rendered.toString('utf8')
    },
  }
  // A sub-application's context inherits its parent's `openapi`; decorate() refuses to shadow it,
  // so a nested plugin defines its own property on its context instead.
  if (fastify.hasDecorator('openapi')) {
    Object.defineProperty(fastify, 'openapi', {
      value: api,
      enumerable: true,
      configurable: true,
      writable: false,
    })
  } else {
    fastify.decorate('openapi', api)
  }
  registerDocumentation(fastify, api)

  // The routes that serve the document and the docs pages: registered now, or by `openapiRoutes`
  // later in this context (createApp does so, after the plugins the user registers, such as
  // @fastify/compress, which act on the routes registered after them).
  const registerServingRoutes = (instance: FastifyInstance): void => {
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
    // CPU on this small, hot route.
    instance.get(openapiUrl, hidden, (request, reply) => {
      const { serialized } = build()
      const context = serveContext.resolve(request)
      cacheHeaders(reply, context)
      reply.type('application/json; charset=utf-8').send(serialized.render(context.servers))
    })

    const cache = new AssetCache()
    const serveAssets = (base: string, assets: Asset[]) => {
      for (const asset of assets) {
        instance.get(`${base}/${asset.name}`, hidden, async (_request, reply) => {
          const content = await cache.read(asset)
          return reply
            .type(asset.contentType)
            .header('cache-control', IMMUTABLE)
            .header('x-content-type-options', 'nosniff')
            .send(content)
        })
      }
    }
    const html = (reply: FastifyReply, context: ResolvedServeContext, body: string) => {
      cacheHeaders(reply, context)
      return reply.type('text/html; charset=utf-8').header('x-content-type-options', 'nosniff').send(body)
    }

    if (options.docsUrl !== null) {
      const { version, assets } = swaggerUiAssets()
      const assetsPath = joinPath(options.docsUrl, `/assets/swagger-ui-${version}`)
      serveAssets(assetsPath, assets)
      const docsUrl = options.docsUrl
      instance.get(docsUrl, hidden, async (request, reply) => {
        const context = serveContext.resolve(request)
        return html(
          reply,
          context,
          swaggerUiHtml({
            title: options.docsTitle ?? `${options.info.title} - Swagger UI`,
            openapiUrl: context.basePath + openapiUrl,
            oauth2RedirectUrl:
              options.oauth2RedirectUrl === null ? null : context.basePath + options.oauth2RedirectUrl,
            assetsUrl: context.basePath + assetsPath,
            parameters: options.swaggerUiParameters,
            initOAuth: options.swaggerUiInitOAuth,
          }),
        )
      })
      if (options.oauth2RedirectUrl !== null) {
        instance.get(options.oauth2RedirectUrl, hidden, async (request, reply) => {
          const context = serveContext.resolve(request)
          return html(reply, context, oauth2RedirectHtml(context.basePath + assetsPath))
        })
      }
    }

    if (options.redocUrl !== null) {
      const { version, assets } = redocAssets()
      const assetsPath = joinPath(options.redocUrl, `/assets/redoc-${version}`)
      serveAssets(assetsPath, assets)
      instance.get(options.redocUrl, hidden, async (request, reply) => {
        const context = serveContext.resolve(request)
        return html(
          reply,
          context,
          redocHtml({
            title: options.docsTitle ?? `${options.info.title} - ReDoc`,
            openapiUrl: context.basePath + openapiUrl,
            assetsUrl: context.basePath + assetsPath,
            options: options.redocOptions,
          }),
        )
      })
    }
  }
  if (options.registerRoutes) registerServingRoutes(fastify)
  else servingRoutes.set(api, registerServingRoutes)
}

/**
 * Generates the OpenAPI 3.1 document of the routes registered after it in this context (and in
 * descendant contexts that do not register their own openapi plugin), and serves it with Swagger UI
 * and ReDoc pages whose assets come from installed packages.
 *
 * @example
 * const app = Fastify()
 * await app.register(openapi, { info: { title: 'Shop', version: '1.0.0' } })
 * app.get('/app', { schema: { tags: ['main'] } }, async () => ({ message: 'Hello World' }))
 * // GET /openapi.json, /docs, /redoc
 */
export const openapi = fp(openapiPlugin, { fastify: '5.x', name: '@portico/openapi' })

async function openapiRoutesPlugin(fastify: FastifyInstance): Promise<void> {
  const api = fastify.hasDecorator('openapi') ? fastify.openapi : undefined
  const register = api === undefined ? undefined : servingRoutes.get(api)
  if (register === undefined) throw new RoutesWithoutPluginError(fastify.prefix)
  // Once: a second registration would declare the same routes again.
  servingRoutes.delete(api!)
  register(fastify)
}

/**
 * Registers the routes that serve the document and the docs pages of the `openapi` plugin that
 * was registered in this context with `registerRoutes: false`. Register it after the plugins that
 * should apply to those routes (an `onRoute` plugin such as @fastify/compress); `createApp` does
 * this for you when the app starts.
 *
 * @example
 * const app = Fastify()
 * await app.register(openapi, { registerRoutes: false })
 * await app.register(compress)
 * await app.register(openapiRoutes) // /openapi.json, /docs and their assets are compressed
 */
export const openapiRoutes = fp(openapiRoutesPlugin, {
  fastify: '5.x',
  name: '@portico/openapi-routes',
  dependencies: ['@portico/openapi'],
})
