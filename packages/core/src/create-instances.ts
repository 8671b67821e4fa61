import type { FastifyInstance } from 'fastify'
import type { Container } from './container.js'
import type { OverrideEntry } from './container-recipes.js'
import { claimContainer } from './container-scope.js'
import { hookClassesOf } from './hook-classes.js'
import type { Class, Provider } from './injection.js'

/** What one `portico` registration created: the controller instances and everything, in order. */
export interface CreatedInstances {
  /** The single instance of each controller and of each hook class (`@UseHooks(AuditHooks)`). */
  controllers: Map<Class, object>
  /** Every object the container created, dependencies before dependents (for the lifecycle hooks). */
  created: readonly object[]
  /** The registration's container (dependencies resolve their `inject(token)` inputs from it). */
  container: Container
}

/** Options of {@link createInstances}. */
export interface CreateInstancesOptions {
  /** The plugin's `overrides`: tokens among them replace providers (see Container). */
  overrides?: readonly OverrideEntry[]
}

/**
 * Creates every provider and controller of one registration, eagerly, so a missing or broken
 * dependency fails at startup and not on a first request. One container per registration; a
 * registration below another (a mounted sub-application) shares the instances of the one above for
 * the tokens it does not list in its own `providers` (container-scope.ts).
 */
export async function createInstances(
  fastify: FastifyInstance,
  controllers: readonly Class[],
  providers: readonly Provider[],
  options: CreateInstancesOptions = {},
): Promise<CreatedInstances> {
  const container = claimContainer(fastify, providers, options.overrides)
  // Controllers are providers of themselves: one instance each, even if also listed in `providers`.
  for (const controller of controllers) container.provideClass(controller)
  for (const token of container.tokens()) await container.get(token as never)
  const instances = new Map<Class, object>()
  for (const controller of controllers) {
    instances.set(controller, (await container.get(controller)).value as object)
    // Hook classes are shared like any provider: one instance for the app unless listed here.
    for (const hooks of hookClassesOf(controller)) {
      if (!instances.has(hooks)) instances.set(hooks, (await container.get(hooks)).value as object)
    }
  }
  return { controllers: instances, created: container.created, container }
}
