import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { PORTICO_ERR_OPENAPI_ROUTES_PLUGIN_MISSING } from './errors.js'
import type { OpenApiInstance } from './openapi-instance.js'

/**
 * Where an openapi plugin registered with `registerRoutes: false` leaves the registration of its
 * serving routes, on its `fastify.openapi`. A registered symbol: `openapiRoutes` from one copy of
 * this package finds what the `openapi` of another copy left.
 */
const kPendingRoutes = Symbol.for('portico.openapi.pendingRoutes')

type RegisterRoutes = (instance: FastifyInstance) => void
type WithPending = OpenApiInstance & { [kPendingRoutes]?: RegisterRoutes }

/** Leaves `register` for `openapiRoutes` to call, later in the same context. */
export function deferServingRoutes(api: OpenApiInstance, register: RegisterRoutes): void {
  Object.defineProperty(api, kPendingRoutes, { value: register, enumerable: false, configurable: true })
}

async function openapiRoutesPlugin(fastify: FastifyInstance): Promise<void> {
  const api = fastify.hasDecorator('openapi') ? (fastify.openapi as WithPending) : undefined
  const register = api?.[kPendingRoutes]
  if (api === undefined || register === undefined) {
    throw new PORTICO_ERR_OPENAPI_ROUTES_PLUGIN_MISSING(fastify.prefix)
  }
  // Once: a second registration would declare the same routes again.
  delete api[kPendingRoutes]
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
