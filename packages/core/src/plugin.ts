import type { FastifyInstance, FastifyPluginAsync, RouteOptions as FastifyRouteOptions } from 'fastify'
import fp from 'fastify-plugin'
import { Container } from './container.js'
import { type ControllerDefinition, controllerOf } from './controller.js'
import {
  ERR_DUPLICATE_ROUTE,
  ERR_INVALID_OPTION,
  ERR_INVALID_ROUTE,
  ERR_NOT_A_CONTROLLER,
  ERR_PARAM_INVALID,
  ERR_PARAM_SCHEMA_MISSING,
} from './errors.js'
import { buildHandler } from './handler.js'
import { composeHooks } from './hooks.js'
import type { Class, Provider } from './injection.js'
import { keyName } from './metadata.js'
import { type RouteDefinition, routesOf } from './route.js'
import { SCHEMA_KEYS } from './route-options.js'
import { type CheckedSchemas, checkResponseSchemas, checkSchema, declaresProperty } from './schema-check.js'

/**
 * Options of the {@link portico} plugin.
 *
 * @example
 * await app.register(portico, { controllers: [UsersController], providers: [UsersService] } satisfies PorticoOptions)
 */
export interface PorticoOptions {
  /** Controller classes (each decorated with `@Controller()`). Default: `[]`. */
  controllers?: Class[]
  /**
   * Providers for dependency injection: `@Injectable()` classes or `{ provide, useValue | useClass |
   * useFactory }` objects. All are created at startup, once for this registration. Default: `[]`.
   */
  providers?: Provider[]
}

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
}

declare module 'fastify' {
  interface FastifyContextConfig {
    portico?: PorticoRouteConfig
  }
}

/** A route ready to register: everything checked, only the handler's instance missing. */
interface PlannedRoute {
  controller: Class
  definition: RouteDefinition
  where: string
  url: string
  methods: string[]
  exposeHeadRoute?: boolean
}

function joinPath(...parts: string[]): string {
  const segments = parts.flatMap((p) => p.split('/')).filter((s) => s !== '')
  return `/${segments.join('/')}`
}

function checkParams(def: RouteDefinition, where: string, arity: number, fullPath: string): void {
  const count = Math.max(arity, ...def.params.map((p) => p.index + 1))
  for (let i = 0; i < count; i++) {
    if (!def.params.some((p) => p.index === i)) {
      throw new ERR_PARAM_INVALID(
        where,
        i,
        'has no parameter decorator: use @Body(), @Query(), @Params(), @Param(name), @Headers(), @Header(name), @Req() or @Reply()',
      )
    }
  }
  const o = def.options
  for (const p of def.params) {
    const missing = (() => {
      switch (p.kind) {
        case 'body':
          return o.body ? undefined : 'the route declares no `body` schema'
        case 'query':
          return o.querystring ? undefined : 'the route declares no `querystring` schema'
        case 'params':
          return o.params ? undefined : 'the route declares no `params` schema'
        case 'param':
          if (!o.params) return `the route declares no \`params\` schema (one with a \`${p.name}\` property)`
          if (!declaresProperty(o.params, p.name!))
            return `the \`params\` schema has no \`${p.name}\` property`
          if (!new RegExp(`:${p.name}(?!\\w)`).test(fullPath)) {
            return `the path '${fullPath}' has no :${p.name} segment`
          }
          return undefined
        case 'header':
          if (o.headers && !declaresProperty(o.headers, p.name!)) {
            return `the \`headers\` schema has no \`${p.name}\` property`
          }
          return undefined
        default:
          return undefined
      }
    })()
    if (missing) throw new ERR_PARAM_SCHEMA_MISSING(where, p.index, p.label, missing)
  }
}

function plan(fastify: FastifyInstance, controllers: Class[]): PlannedRoute[] {
  const planned: PlannedRoute[] = []
  const claimed = new Map<string, string>()
  const checked: CheckedSchemas = new WeakSet()
  for (const controller of controllers) {
    const meta = controllerOf(controller)
    if (!meta) throw new ERR_NOT_A_CONTROLLER(controller.name || 'anonymous class')
    for (const definition of routesOf(controller)) {
      const where = `${controller.name}.${keyName(definition.key)}`
      const method = (controller.prototype as Record<string | symbol, unknown>)[definition.key]
      if (typeof method !== 'function') throw new ERR_INVALID_ROUTE(where, 'the handler is not a method')
      const o = definition.options
      for (const key of SCHEMA_KEYS) if (o[key] !== undefined) checkSchema(o[key], key, where, checked)
      if (o.response !== undefined) checkResponseSchemas(o.response, where, checked)
      if (o.status !== undefined && (!Number.isInteger(o.status) || o.status < 100 || o.status > 599)) {
        throw new ERR_INVALID_ROUTE(where, `status ${o.status} is not an HTTP status code`)
      }
      const url = joinPath(meta.prefix, definition.path)
      checkParams(definition, where, method.length, `${fastify.prefix}${url}`)
      const methods = definition.method === 'ALL' ? [...fastify.supportedMethods] : [definition.method]
      const key = url.replace(/:[^/]+/g, ':')
      for (const m of methods) {
        const previous = claimed.get(`${m} ${key}`)
        if (previous) throw new ERR_DUPLICATE_ROUTE(m, url, previous, where)
        claimed.set(`${m} ${key}`, where)
      }
      planned.push({ controller, definition, where, url, methods })
    }
  }
  // An explicit HEAD route replaces the one Fastify derives from GET.
  for (const route of planned) {
    const key = route.url.replace(/:[^/]+/g, ':')
    if (route.methods.includes('GET') && claimed.has(`HEAD ${key}`)) route.exposeHeadRoute = false
  }
  return planned
}

function routeSchema(meta: ControllerDefinition, def: RouteDefinition): Record<string, unknown> {
  const o = def.options
  const tags = [...new Set([...(meta.options.tags ?? []), ...(o.tags ?? [])])]
  const schema: Record<string, unknown> = {}
  const fields = {
    body: o.body,
    querystring: o.querystring,
    params: o.params,
    headers: o.headers,
    response: o.response,
    summary: o.summary,
    description: o.description,
    tags: tags.length > 0 ? tags : undefined,
    operationId: o.operationId,
    deprecated: o.deprecated,
    hide: o.hide,
    security: o.security ?? meta.options.security,
  }
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) schema[k] = v
  return schema
}

const porticoPlugin: FastifyPluginAsync<PorticoOptions> = async (fastify, options) => {
  const controllers = options.controllers ?? []
  const providers = options.providers ?? []
  if (!Array.isArray(controllers) || controllers.some((c) => typeof c !== 'function')) {
    throw new ERR_INVALID_OPTION('controllers', 'expected an array of controller classes')
  }
  if (!Array.isArray(providers)) throw new ERR_INVALID_OPTION('providers', 'expected an array of providers')

  const planned = plan(fastify, controllers)

  // One container per registration: each mounted sub-application has its own instances.
  const container = new Container(fastify, providers)
  // Controllers are providers of themselves: one instance each, even if also listed in `providers`.
  for (const controller of controllers) container.provideClass(controller)
  for (const token of container.tokens()) await container.get(token as never)
  const instances = new Map<Class, object>()
  for (const controller of controllers) {
    instances.set(controller, (await container.get(controller)).value as object)
  }

  for (const route of planned) {
    const { controller, definition } = route
    const instance = instances.get(controller)!
    const method = (instance as Record<string | symbol, (...args: unknown[]) => unknown>)[definition.key]!
    const hooks = composeHooks(controller, definition.key, (c) => controllerOf(c)?.options.hooks)
    const config: PorticoRouteConfig = {
      controller: controller.name,
      handler: keyName(definition.key),
    }
    if (definition.options.name !== undefined) config.name = definition.options.name
    const routeOptions: FastifyRouteOptions = {
      method: route.methods.length === 1 ? route.methods[0]! : route.methods,
      url: route.url,
      schema: routeSchema(controllerOf(controller)!, definition),
      config: { portico: config },
      handler: buildHandler(instance, method, definition.params, definition.options.status),
      ...Object.fromEntries(hooks),
    }
    if (route.exposeHeadRoute === false) routeOptions.exposeHeadRoute = false
    fastify.route(routeOptions)
  }

  const created = container.created
  fastify.addHook('onReady', async () => {
    for (const instance of created) {
      const onReady = (instance as { onReady?: () => unknown }).onReady
      if (typeof onReady === 'function') await onReady.call(instance)
    }
  })
  fastify.addHook('onClose', async () => {
    for (const instance of [...created].reverse()) {
      const onClose = (instance as { onClose?: () => unknown }).onClose
      if (typeof onClose === 'function') await onClose.call(instance)
    }
  })
}

/**
 * The Portico bootstrapper: registers the routes of `controllers` on the Fastify context it is
 * registered in (so `register(..., { prefix })` prefixes them) and creates `providers` once for this
 * registration. Each registration is an app of its own (own container, own instances), so several can
 * be mounted in different encapsulated contexts.
 *
 * @example
 * const app = Fastify()
 * await app.register(portico, { controllers: [UsersController], providers: [UsersService] })
 * await app.register(async (v2) => { await v2.register(portico, { controllers: [UsersV2] }) }, { prefix: '/v2' })
 */
export const portico = fp(porticoPlugin, { fastify: '5.x', name: '@portico/core' })
