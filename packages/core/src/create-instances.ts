import type { FastifyInstance } from 'fastify'
import { Container } from './container.js'
import type { Class, Provider } from './injection.js'

/** What one `portico` registration created: the controller instances and everything, in order. */
export interface CreatedInstances {
  /** The single instance of each controller. */
  controllers: Map<Class, object>
  /** Every object the container created, dependencies before dependents (for the lifecycle hooks). */
  created: readonly object[]
}

/**
 * Creates every provider and controller of one registration, eagerly, so a missing or broken
 * dependency fails at startup and not on a first request. One container per registration: each
 * mounted sub-application has its own instances.
 */
export async function createInstances(
  fastify: FastifyInstance,
  controllers: readonly Class[],
  providers: readonly Provider[],
): Promise<CreatedInstances> {
  const container = new Container(fastify, providers)
  // Controllers are providers of themselves: one instance each, even if also listed in `providers`.
  for (const controller of controllers) container.provideClass(controller)
  for (const token of container.tokens()) await container.get(token as never)
  const instances = new Map<Class, object>()
  for (const controller of controllers) {
    instances.set(controller, (await container.get(controller)).value as object)
  }
  return { controllers: instances, created: container.created }
}
