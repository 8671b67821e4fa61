import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { redocAssets, swaggerUiAssets } from './assets.js'
import { decorateOpenApi } from './decorate.js'
import { DocumentBuild } from './document-build.js'
import { deferServingRoutes } from './openapi-routes.js'
import type { OpenApiOptions, OpenApiServeHook } from './options.js'
import { resolveOptions } from './resolve-options.js'
import { collectRoutes } from './route-collection.js'
import { claimContext } from './scope.js'
import { ServeContextResolver } from './serve-context.js'
import { registerServingRoutes } from './serving-routes.js'
import { addStartupChecks } from './startup-checks.js'
import { registerSwagger } from './swagger-registration.js'

async function openapiPlugin(fastify: FastifyInstance, rawOptions: OpenApiOptions): Promise<void> {
  const options = resolveOptions(rawOptions)
  // Missing page files fail here, at startup, rather than as a 500 on the first page load.
  const swaggerUi = options.docsUrl === null ? undefined : swaggerUiAssets()
  const redoc = options.redocUrl === null ? undefined : redocAssets()

  const token = {}
  claimContext(fastify, token)
  const collection = collectRoutes(fastify, token)
  const generate = registerSwagger(fastify, options, collection)

  const build = new DocumentBuild(generate, options.servers, fastify.log)
  addStartupChecks(fastify, collection.operations, options, () => build.markReady())

  const serveHooks: OpenApiServeHook[] = [...options.serveHooks]
  const serveContext = new ServeContextResolver(serveHooks, fastify.prefix)
  const api = decorateOpenApi(fastify, { openapiUrl: options.openapiUrl, build, serveHooks, serveContext })

  // The routes that serve the document and the docs pages: registered now, or by `openapiRoutes`
  // later in this context (createApp does so, after the plugins the user registers, such as
  // @fastify/compress, which act on the routes registered after them).
  const parts = { options, build, serveHooks, serveContext, swaggerUi, redoc }
  const register = (instance: FastifyInstance) => registerServingRoutes(instance, parts)
  if (options.registerRoutes) register(fastify)
  else deferServingRoutes(api, register)
}

/**
 * Generates the OpenAPI 3.1 document of the routes registered after it in this context (and in
 * descendant contexts that do not register their own openapi plugin), and serves it with Swagger UI
 * and ReDoc pages whose files ship inside this package (no CDN). Options: {@link OpenApiOptions}.
 *
 * @example
 * const app = Fastify()
 * await app.register(openapi, { info: { title: 'Shop', version: '1.0.0' } })
 * app.get('/app', { schema: { tags: ['main'] } }, async () => ({ message: 'Hello World' }))
 * // GET /openapi.json, /docs, /redoc
 */
export const openapi = fp(openapiPlugin, { fastify: '5.x', name: '@portico/openapi' })
