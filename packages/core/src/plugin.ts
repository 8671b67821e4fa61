import type { TSchema } from '@sinclair/typebox'
import type { FastifyPluginAsync } from 'fastify'
import fp from 'fastify-plugin'
import { containerOf } from './container-scope.js'
import { createInstances } from './create-instances.js'
import { CORE_DEFAULTS } from './defaults.js'
import { PRE_STATE } from './dependency-codegen.js'
import { awaitCleanupsOnClose, CLEANUP_STATE, decorateDependencyState } from './dependency-runtime.js'
import { requiredTokens } from './dependency-tokens.js'
import { PORTICO_ERR_CORE_OPTION_INVALID, PORTICO_ERR_CORE_OPTION_UNKNOWN } from './errors.js'
import type { Class, Provider } from './injection.js'
import { addLifecycleHooks } from './lifecycle.js'
import { knownKeys, unknownKey } from './option-keys.js'
import { dependencyOverrides, type Override, parseOverrides } from './overrides.js'
import { planRoutes } from './plan-routes.js'
import { registerRoutes } from './register-routes.js'
import type { DependencyEntry } from './route-options.js'
import { addSharedSchemas } from './shared-schemas.js'
import { keepTickObjectShape } from './tick-shape.js'
import { registerWebSocketPlugin } from './websocket.js'

/**
 * Options of the {@link portico} plugin. Defaults: `CORE_DEFAULTS.plugin`. Any other key fails at
 * startup (`PORTICO_ERR_CORE_OPTION_UNKNOWN`), except Fastify's own register options.
 *
 * @example
 * await app.register(portico, { controllers: [UsersController], providers: [UsersService] } satisfies PorticoOptions)
 */
export interface PorticoOptions {
  /** Controller classes (each decorated with `@Controller()`). Default: `[]`. */
  controllers?: readonly Class[]
  /**
   * Providers for dependency injection: `@Injectable()` classes or `{ provide, useValue | useClass |
   * useFactory }` objects. All are created at startup, once for this registration. Default: `[]`.
   */
  providers?: readonly Provider[]
  /**
   * Shared models (each with a `$id`), added to this context with `fastify.addSchema()` before the
   * routes, so routes can reference them with `Type.Ref(Model)` and the OpenAPI document lists them
   * under `components.schemas`. Default: `[]`.
   *
   * @example
   * const User = Type.Object({ id: Type.Integer() }, { $id: 'User' })
   * await app.register(portico, { controllers: [Users], schemas: [User] })
   * // @Get('/', { response: { 200: Type.Array(Type.Ref(User)) } })
   */
  schemas?: readonly TSchema[]
  /**
   * Dependencies run for their effect (guards) on every route of this registration, before the
   * controllers' and the routes' own. Default: `[]`.
   *
   * @example
   * await app.register(portico, { controllers, dependencies: [verifyApiKey] })
   */
  dependencies?: readonly DependencyEntry[]
  /**
   * Replacements for this app, without its code changing (tests): a dependency (per request) or a
   * provider token (its singleton), each `{ provide, useValue | useFactory (+ inject) | useClass |
   * useDependency }`. The replaced dependency never runs. Default: `[]`.
   *
   * @example
   * await app.register(portico, { controllers, overrides: [{ provide: currentUser, useValue: { id: 1 } }] })
   */
  overrides?: readonly Override[]
}

// Fastify hands its own register options to the plugin along with ours: not typos.
const FASTIFY_REGISTER_OPTIONS: ReadonlySet<string> = new Set(['prefix', 'logLevel', 'logSerializers'])

const porticoPlugin: FastifyPluginAsync<PorticoOptions> = async (fastify, options) => {
  // Node's nextTick keeps its fast code across full GCs only while a tick object lives (tick-shape.ts).
  keepTickObjectShape()
  const unknown = unknownKey(options, CORE_DEFAULTS.plugin, FASTIFY_REGISTER_OPTIONS)
  if (unknown !== undefined)
    throw new PORTICO_ERR_CORE_OPTION_UNKNOWN(unknown, knownKeys(CORE_DEFAULTS.plugin))
  const controllers = options.controllers ?? CORE_DEFAULTS.plugin.controllers
  const providers = options.providers ?? CORE_DEFAULTS.plugin.providers
  if (!Array.isArray(controllers) || controllers.some((c) => typeof c !== 'function')) {
    throw new PORTICO_ERR_CORE_OPTION_INVALID('controllers', 'expected an array of controller classes')
  }
  if (!Array.isArray(providers)) {
    throw new PORTICO_ERR_CORE_OPTION_INVALID('providers', 'expected an array of providers')
  }

  const appDependencies = options.dependencies ?? CORE_DEFAULTS.plugin.dependencies
  if (!Array.isArray(appDependencies)) {
    throw new PORTICO_ERR_CORE_OPTION_INVALID('dependencies', 'expected an array of dependencies')
  }
  const overrides = parseOverrides(options.overrides ?? CORE_DEFAULTS.plugin.overrides)

  // Everything is checked before the first instance is created and the first route registered.
  // A sub-application also gets the dependency overrides of the apps above it (their container).
  const context = {
    appDependencies,
    overrides: dependencyOverrides(overrides.dependencies, containerOf(fastify)),
    nodes: new Map(),
  }
  const planned = planRoutes(fastify, controllers, context)
  addSharedSchemas(fastify, options.schemas ?? CORE_DEFAULTS.plugin.schemas)
  const {
    controllers: instances,
    created,
    container,
  } = await createInstances(fastify, controllers, providers, {
    // All of them: the container replaces the tokens and keeps the rest for sub-applications.
    overrides: options.overrides ?? CORE_DEFAULTS.plugin.overrides,
  })
  // The singletons the dependencies' generated code binds (inject(token), dependency classes).
  const bound = new Map<unknown, unknown>()
  for (const token of requiredTokens(context.nodes.values())) {
    bound.set(token, (await container.get(token as never)).value)
  }
  const pendingCleanups = new Set<Promise<void>>()
  if (planned.some((r) => r.dependencies)) {
    decorateDependencyState(fastify, [PRE_STATE, CLEANUP_STATE])
    awaitCleanupsOnClose(fastify, pendingCleanups)
  }
  // @fastify/websocket is loaded only for an app with @WebSocket() routes (websocket.ts).
  if (planned.some((r) => r.definition.websocket)) await registerWebSocketPlugin(fastify)
  registerRoutes(fastify, planned, instances, { lookup: (token) => bound.get(token), pendingCleanups })
  addLifecycleHooks(fastify, created)
}

/**
 * The Portico bootstrapper: registers the routes of `controllers` on the Fastify context it is
 * registered in (so `register(..., { prefix })` prefixes them), adds the shared models of `schemas`
 * to it, and creates `providers` once for this registration. Each registration has its own container;
 * one in a context below another shares that one's instances for the tokens it does not list itself
 * (a mounted sub-application shares the app's services; see container-scope.ts).
 *
 * @example
 * const app = Fastify()
 * await app.register(portico, { controllers: [UsersController], providers: [UsersService] })
 * await app.register(async (v2) => { await v2.register(portico, { controllers: [UsersV2] }) }, { prefix: '/v2' })
 */
export const portico = fp(porticoPlugin, { fastify: '5.x', name: '@portico/core' })
