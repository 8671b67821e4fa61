import type { FastifyInstance, FastifyPluginAsync, FastifyPluginCallback } from 'fastify'

const kRegisterLast = Symbol.for('portico.registerLast')

type AnyPlugin = FastifyPluginCallback<any> | FastifyPluginAsync<any>
type Pending = { plugin: AnyPlugin; options: object }
type WithQueue = FastifyInstance & { [kRegisterLast]?: Pending[] }

/**
 * Registers `plugin` with `options` on `app` when the app starts booting (the first `ready()`, which `listen()`
 * and `inject()` call), after every plugin and route the user registered on the app until then.
 *
 * Why: plugins such as @fastify/rate-limit and @fastify/compress act on the routes registered
 * after them (an `onRoute` hook). `createApp` returns the app before the user registers them, so
 * the controller routes and the docs routes have to be added last, not when `createApp` runs.
 */
export function registerLast(app: FastifyInstance, plugin: AnyPlugin, options: object = {}): void {
  const target = app as WithQueue
  const queue = target[kRegisterLast]
  if (queue !== undefined) {
    queue.push({ plugin, options })
    return
  }
  const pending: Pending[] = [{ plugin, options }]
  target[kRegisterLast] = pending
  const ready = app.ready
  // `ready` is an own property of every Fastify instance; listen() and inject() call this.ready().
  Object.defineProperty(app, 'ready', {
    configurable: true,
    writable: true,
    value: function readyAfterLastPlugins(this: FastifyInstance, ...args: unknown[]) {
      for (const next of pending.splice(0)) app.register(next.plugin, next.options)
      return (ready as (...a: unknown[]) => unknown).apply(this, args)
    },
  })
}
