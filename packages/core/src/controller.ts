import { PORTICO_ERR_CORE_CONTROLLER_INVALID } from './errors.js'
import type { Hooks } from './hooks.js'
import { CONTROLLER_KEY } from './metadata.js'
import type { DependencyEntry, SecurityRequirement } from './route-options.js'

/**
 * Options of {@link Controller}. Defaults: `CORE_DEFAULTS.controller`. Any other key fails at startup
 * (`PORTICO_ERR_CORE_CONTROLLER_OPTION_UNKNOWN`, naming the class).
 *
 * @example
 * \@Controller('/admin', { tags: ['admin'], security: [{ bearer: [] }], hooks: { onRequest: requireAdmin } })
 */
export interface ControllerOptions {
  /** OpenAPI tags given to every route of the controller (before the route's own). Default: none. */
  tags?: string[]
  /** Hooks for every route of the controller; run before its `@UseHooks` ones. Default: none. */
  hooks?: Hooks
  /** OpenAPI security requirements for every route (a route's `security` overrides). Default: none. */
  security?: SecurityRequirement[]
  /**
   * Dependencies run for their effect (guards) on every route of the controller, after the app's and
   * before the route's own. Default: none.
   *
   * @example
   * \@Controller('/admin', { dependencies: [Security(currentUser, ['admin'])] })
   */
  dependencies?: readonly DependencyEntry[]
}

/** What `@Controller()` records on a class (own metadata; a subclass needs its own decorator). */
export interface ControllerDefinition {
  prefix: string
  options: ControllerOptions
}

/**
 * Marks a class as a controller. Its routes are mounted under `prefix` (default `''`), itself under the
 * prefix of the Fastify context the `portico` plugin is registered in. Constructor parameters are
 * injected (see `providers`).
 *
 * @example
 * \@Controller('/users', { tags: ['users'] })
 * class UsersController {
 *   constructor(private readonly users: UsersService) {}
 *   \@Get('/') list() { return this.users.all() }
 * }
 */
export function Controller(prefix = '', options: ControllerOptions = {}): ClassDecorator {
  return (target) => {
    // Checked here, where the class is known; unknown keys are checked at startup with the routes'.
    if (typeof prefix !== 'string') {
      throw new PORTICO_ERR_CORE_CONTROLLER_INVALID(
        target.name,
        `the prefix must be a string, got ${typeof prefix}`,
      )
    }
    if (typeof options !== 'object' || options === null || Array.isArray(options)) {
      throw new PORTICO_ERR_CORE_CONTROLLER_INVALID(target.name, 'the options must be an object')
    }
    const definition: ControllerDefinition = { prefix, options }
    Reflect.defineMetadata(CONTROLLER_KEY, definition, target)
  }
}

/** The class's own `@Controller()` definition, if any. */
export function controllerOf(ctor: Function): ControllerDefinition | undefined {
  return Reflect.getOwnMetadata(CONTROLLER_KEY, ctor) as ControllerDefinition | undefined
}
