import type { FastifyInstance } from 'fastify'
import { type ControllerDefinition, controllerOf } from './controller.js'
import { CORE_DEFAULTS } from './defaults.js'
import { type DependencyContext, planDependencies, type RouteDependencies } from './dependency-plan.js'
import { mergeHandlerSchemas } from './dependency-schemas.js'
import {
  PORTICO_ERR_CORE_CONTROLLER_NOT_DECORATED,
  PORTICO_ERR_CORE_CONTROLLER_OPTION_UNKNOWN,
  PORTICO_ERR_CORE_PARAM_INVALID,
  PORTICO_ERR_CORE_PARAM_SCHEMA_MISSING,
  PORTICO_ERR_CORE_ROUTE_DUPLICATE,
  PORTICO_ERR_CORE_ROUTE_INVALID,
} from './errors.js'
import type { Class } from './injection.js'
import { keyName } from './metadata.js'
import { knownKeys, unknownKey } from './option-keys.js'
import { paramProblem } from './param-problems.js'
import { checkRequestData } from './request-data.js'
import { type RouteDefinition, routesOf } from './route.js'
import { checkParamsInPath, checkPathSyntax, checkRouteOptions } from './route-checks.js'
import type { CheckedSchemas } from './schema-check.js'

// Planning: every controller route is checked and its URL and methods decided before anything is
// registered, so a failed startup leaves no route behind.

/** A route ready to register: everything checked, only the handler's instance missing. */
export interface PlannedRoute {
  controller: Class
  meta: ControllerDefinition
  definition: RouteDefinition
  /** `Controller.method`, for messages. */
  where: string
  url: string
  methods: string[]
  /** `false` when an explicit HEAD route on the same path replaces the one Fastify derives from GET. */
  exposeHeadRoute?: boolean
  /** The route's dependencies, when it reaches any (its `definition.options` then have their schemas merged in). */
  dependencies?: RouteDependencies
}

const MANY_SLASHES = /\/{2,}/g

/**
 * Joins path parts with one `/` between segments; `/` when all are empty. A route is served as
 * declared: the result ends with `/` when the last non-empty part does, as FastAPI's
 * `APIRouter(prefix='/items')` + `@router.get('/')` is `/items/` and `@router.get('')` is `/items`
 * (a request that differs only by that slash is redirected by @portico/root-path, not routed twice).
 *
 * @example
 * joinPath('/items', '/') // '/items/'
 * joinPath('/items', '')  // '/items'
 * joinPath('', '/')       // '/'
 */
export function joinPath(...parts: string[]): string {
  // One string and one replace, not split segments: this runs for every route at startup.
  let joined = `/${parts.join('/')}`.replace(MANY_SLASHES, '/')
  if (joined.length > 1 && joined.endsWith('/')) joined = joined.slice(0, -1)
  if (joined === '/') return joined
  let last = ''
  for (let i = 0; i < parts.length; i++) if (parts[i] !== '') last = parts[i]!
  return last.endsWith('/') ? `${joined}/` : joined
}

/** A URL as Fastify's router tells routes apart: `:id` and `:userId` are the same parameter. */
const routerKey = (url: string) => url.replace(/:[^/]+/g, ':')

/** Every handler parameter carries one decorator, and each decorator has the schema it reads. */
export function checkParams(def: RouteDefinition, where: string, arity: number, fullPath: string): void {
  const count = Math.max(arity, ...def.params.map((p) => p.index + 1))
  for (let i = 0; i < count; i++) {
    if (!def.params.some((p) => p.index === i)) {
      throw new PORTICO_ERR_CORE_PARAM_INVALID(
        where,
        i,
        'has no parameter decorator: use @Body(), @Query(), @Params(), @Param(name), @Headers(), @Header(name), @Cookie(name), @Cookies(), @Form(), @File(name), @Files(name), @Req(), @Reply(), @Depends(dep) or @Security(dep)',
      )
    }
  }
  for (const p of def.params) {
    const missing = paramProblem(def, p, fullPath)
    if (missing) throw new PORTICO_ERR_CORE_PARAM_SCHEMA_MISSING(where, p.index, p.label, missing)
  }
}

/** The class's own `@Controller()` definition, its options checked. */
function controllerDefinition(controller: Class): ControllerDefinition {
  const meta = controllerOf(controller)
  if (!meta) throw new PORTICO_ERR_CORE_CONTROLLER_NOT_DECORATED(controller.name || 'anonymous class')
  const unknown = unknownKey(meta.options, CORE_DEFAULTS.controller)
  if (unknown !== undefined) {
    throw new PORTICO_ERR_CORE_CONTROLLER_OPTION_UNKNOWN(
      unknown,
      controller.name || 'anonymous class',
      knownKeys(CORE_DEFAULTS.controller),
    )
  }
  return meta
}

/**
 * Plans the routes of `controllers` for the Fastify context `fastify`: checks every controller, route
 * option, schema and handler parameter, joins each URL, expands `@All`, and rejects two handlers on
 * one method and path (`:id` and `:userId` are the same path to Fastify's router).
 */
export function planRoutes(
  fastify: FastifyInstance,
  controllers: readonly Class[],
  deps: DependencyContext = { appDependencies: [], overrides: new Map(), nodes: new Map() },
): PlannedRoute[] {
  const planned: PlannedRoute[] = []
  const claimed = new Map<string, string>()
  const checked: CheckedSchemas = new WeakSet()
  for (const controller of controllers) {
    const meta = controllerDefinition(controller)
    for (const definition of routesOf(controller)) {
      const where = `${controller.name}.${keyName(definition.key)}`
      const method = (controller.prototype as Record<string | symbol, unknown>)[definition.key]
      if (typeof method !== 'function') {
        throw new PORTICO_ERR_CORE_ROUTE_INVALID(where, 'the handler is not a method')
      }
      checkRouteOptions(definition, where, checked)
      const url = joinPath(meta.prefix, definition.path)
      const fullPath = `${fastify.prefix}${url}`
      checkPathSyntax(where, fullPath)
      // Parameter decorators first: their messages name the decorator at fault.
      checkParams(definition, where, method.length, fullPath)
      checkRequestData(definition, where)
      checkParamsInPath(definition, where, fullPath)
      const methods = definition.method === 'ALL' ? [...fastify.supportedMethods] : [definition.method]
      const key = routerKey(url)
      for (const m of methods) {
        const previous = claimed.get(`${m} ${key}`)
        if (previous) throw new PORTICO_ERR_CORE_ROUTE_DUPLICATE(m, url, previous, where)
        claimed.set(`${m} ${key}`, where)
      }
      // In-place schemas (`@Query('limit', Limit)`) and the dependencies' are merged into the route's.
      const declared = mergeHandlerSchemas(definition, where)
      const withDeps = planDependencies(deps, declared, meta.options.dependencies ?? [], where, fullPath)
      if (withDeps) {
        const merged = { ...declared, options: withDeps.options }
        planned.push({
          controller,
          meta,
          definition: merged,
          where,
          url,
          methods,
          dependencies: withDeps.deps,
        })
      } else planned.push({ controller, meta, definition: declared, where, url, methods })
    }
  }
  // An explicit HEAD route replaces the one Fastify derives from GET.
  for (const route of planned) {
    const head = claimed.get(`HEAD ${routerKey(route.url)}`)
    if (!route.methods.includes('GET') || head === undefined) continue
    if (route.definition.options.exposeHeadRoute === true) {
      const other = head === route.where ? 'it (@All)' : head
      throw new PORTICO_ERR_CORE_ROUTE_INVALID(
        route.where,
        `\`exposeHeadRoute: true\` but ${other} declares HEAD on the same path: remove one of them`,
      )
    }
    route.exposeHeadRoute = false
  }
  return planned
}
