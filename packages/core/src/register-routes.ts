import type { FastifyInstance, RouteOptions as FastifyRouteOptions } from 'fastify'
import { registerWithBodyPlugins } from './body-plugins.js'
import { controllerOf } from './controller.js'
import { type Bindings, buildDependencyHandler } from './dependency-codegen.js'
import { cleanupHooks } from './dependency-runtime.js'
import { buildHandler } from './handler.js'
import { composeHooks } from './hooks.js'
import type { Class } from './injection.js'
import { keyName } from './metadata.js'
import type { PlannedRoute } from './plan-routes.js'
import { withResponses } from './responses.js'
import { PASSED_THROUGH } from './route-options.js'
import { routeSchema } from './route-schema.js'
import { asWebSocketRoute } from './websocket.js'

/**
 * `config.portico` of every route Portico registers (read by OpenAPI, URL generation, the CLI).
 *
 * @example
 * app.addHook('onRoute', (route) => console.log(route.config?.portico)) // { name: 'users.find', controller: 'UsersController', handler: 'find' }
 */
export interface PorticoRouteConfig {
  /** Route name from the route options, if given. */
  name?: string
  /** Controller class name. */
  controller: string
  /** Handler method name. */
  handler: string
  /**
   * The OpenAPI security schemes the route's dependencies implement, by name (for
   * `components.securitySchemes`); absent when none.
   */
  securitySchemes?: Record<string, Record<string, unknown>>
  /** `true` for a `@WebSocket()` route (websocket.ts); absent otherwise. */
  websocket?: boolean
  /** The route's `status` option (its success status), when given: documented by @portico/openapi. */
  status?: number
}

/** What routes with dependencies need from the registration: instances, and pending cleanups. */
export interface DependencyRuntime extends Bindings {
  pendingCleanups: Set<Promise<void>>
}

const hookList = (value: unknown): unknown[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value]

declare module 'fastify' {
  interface FastifyContextConfig {
    portico?: PorticoRouteConfig
  }
}

/** The Fastify route options of one planned route, its handler bound to the controller's instance. */
function fastifyRoute(
  route: PlannedRoute,
  instances: ReadonlyMap<Class, object>,
  runtime: DependencyRuntime | undefined,
): FastifyRouteOptions {
  const { controller, definition } = route
  const instance = instances.get(controller)!
  const method = (instance as Record<string | symbol, (...args: unknown[]) => unknown>)[definition.key]!
  // Hook classes (`@UseHooks(AuditHooks)`) were created with the controllers: bound to their instances.
  const hooks = composeHooks(
    controller,
    definition.key,
    (c) => controllerOf(c)?.options.hooks,
    (c) => instances.get(c),
  )
  const config: PorticoRouteConfig = {
    controller: controller.name,
    handler: keyName(definition.key),
  }
  const o = definition.options
  if (o.name !== undefined) config.name = o.name
  if (o.status !== undefined) config.status = o.status
  const deps = route.dependencies
  // A route without dependencies keeps exactly the generated handler of handler.ts, and no hook.
  const cleanup = deps?.cleanup && runtime ? cleanupHooks(runtime.pendingCleanups) : undefined
  const built =
    deps && runtime
      ? buildDependencyHandler(deps, instance, method, o.status, runtime, cleanup?.settled)
      : { handler: buildHandler(instance, method, definition.params, o.status) }
  const schema = routeSchema(route.meta, definition)
  if (deps && deps.schemes.size > 0) {
    config.securitySchemes = Object.fromEntries([...deps.schemes].map(([name, s]) => [name, s.scheme]))
    if (schema.security === undefined) {
      schema.security = [Object.fromEntries([...deps.schemes].map(([name, s]) => [name, s.scopes]))]
    }
  }
  const routeOptions: FastifyRouteOptions = {
    method: route.methods.length === 1 ? route.methods[0]! : route.methods,
    url: route.url,
    schema,
    // The user's config never sets `portico` (checked at startup): Portico's is put last anyway.
    config: { ...o.config, portico: config },
    handler: withResponses(built.handler, o.response, o.status),
    ...Object.fromEntries(hooks),
  }
  const added = routeOptions as unknown as Record<string, unknown>
  // Dependencies that need no validated input run before validation, after the route's own hooks.
  if (built.preValidation) added.preValidation = [...hookList(added.preValidation), built.preValidation]
  if (cleanup) {
    added.onError = [...hookList(added.onError), cleanup.onError]
    added.onResponse = [...hookList(added.onResponse), cleanup.onResponse]
    added.onRequestAbort = [...hookList(added.onRequestAbort), cleanup.onRequestAbort]
  }
  for (const key of PASSED_THROUGH) {
    if (o[key] !== undefined) (routeOptions as unknown as Record<string, unknown>)[key] = o[key]
  }
  if (route.exposeHeadRoute === false) routeOptions.exposeHeadRoute = false
  if (definition.websocket) {
    const cleanup = deps?.cleanup && runtime ? cleanupHooks(runtime.pendingCleanups) : undefined
    asWebSocketRoute(routeOptions, built.handler, cleanup)
  }
  return routeOptions
}

/**
 * Registers one `fastify.route()` per planned route on the context `fastify`, with the handler
 * generated for it (see handler.ts) and the hooks composed from the class chain (see hooks.ts).
 */
export function registerRoutes(
  fastify: FastifyInstance,
  planned: readonly PlannedRoute[],
  instances: ReadonlyMap<Class, object>,
  runtime?: DependencyRuntime,
): void {
  // Routes reading cookies, forms or files go to a child context with their plugins (body-plugins.ts).
  registerWithBodyPlugins(
    fastify,
    planned.map((route) => [route, fastifyRoute(route, instances, runtime)] as const),
  )
}
