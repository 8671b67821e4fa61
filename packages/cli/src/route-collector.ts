import { subscribe, unsubscribe } from 'node:diagnostics_channel'
import type { FastifyInstance, RouteOptions } from 'fastify'

/**
 * Records every route of every Fastify instance created while it is active. Fastify publishes each
 * new instance on the `fastify.initialization` diagnostics channel before any route can be added,
 * so an `onRoute` hook added there sees routes declared at the top level of a module as well as
 * those of plugins (child contexts inherit the hook). State is per collector, keyed by instance.
 */
export class RouteCollector {
  private readonly routes = new WeakMap<FastifyInstance, RouteOptions[]>()
  private readonly onInitialization = (message: unknown) => {
    const fastify = (message as { fastify: FastifyInstance }).fastify
    const list: RouteOptions[] = []
    this.routes.set(fastify, list)
    fastify.addHook('onRoute', (route) => {
      list.push(route as RouteOptions)
    })
  }

  /** Starts listening for new instances; call before importing the app's module. */
  start(): this {
    subscribe('fastify.initialization', this.onInitialization)
    return this
  }

  /** Stops listening (routes already recorded are kept). */
  stop(): void {
    unsubscribe('fastify.initialization', this.onInitialization)
  }

  /** Routes of `app` in registration order, or `undefined` when it was created before `start()`. */
  routesOf(app: FastifyInstance): RouteOptions[] | undefined {
    return this.routes.get(app)
  }
}
