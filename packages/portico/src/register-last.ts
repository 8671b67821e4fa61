import type { FastifyInstance, FastifyPluginAsync, FastifyPluginCallback } from 'fastify'
import { PORTICO_ERR_APP_REGISTER_TOO_LATE } from './errors.js'

const kRegisterLast = Symbol.for('portico.registerLast')

type AnyPlugin = FastifyPluginCallback<any> | FastifyPluginAsync<any>
type Pending = { plugin: AnyPlugin; options: object }
/** The plugins waiting for the first `ready()`, and whether it has come (then none may be added). */
type Queue = { pending: Pending[]; started: boolean }
type WithQueue = FastifyInstance & { [kRegisterLast]?: Queue }

/**
 * Registers `plugin` with `options` on `app` when the app starts booting (the first `ready()`, which `listen()`
 * and `inject()` call), after every plugin and route the user registered on the app until then.
 *
 * Why: plugins such as @fastify/rate-limit and @fastify/compress act on the routes registered
 * after them (an `onRoute` hook). `createApp` returns the app before the user registers them, so
 * the controller routes and the docs routes have to be added last, not when `createApp` runs.
 * Called once the app has started, it throws PORTICO_ERR_APP_REGISTER_TOO_LATE (the plugin could
 * no longer be registered).
 *
 * @example
 * const app = Fastify()
 * registerLast(app, portico, { controllers: [Users] })
 * await app.register(compress) // applies to the Users routes: they are added at app.ready()
 */
export function registerLast(app: FastifyInstance, plugin: AnyPlugin, options: object = {}): void {
  const target = app as WithQueue
  const existing = target[kRegisterLast]
  if (existing !== undefined) {
    if (existing.started) throw new PORTICO_ERR_APP_REGISTER_TOO_LATE(plugin.name || 'anonymous plugin')
    existing.pending.push({ plugin, options })
    return
  }
  const queue: Queue = { pending: [{ plugin, options }], started: false }
  target[kRegisterLast] = queue
  const ready = app.ready
  // `ready` is an own property of every Fastify instance; listen() and inject() call this.ready().
  Object.defineProperty(app, 'ready', {
    configurable: true,
    writable: true,
    value: function readyAfterLastPlugins(this: FastifyInstance, ...args: unknown[]) {
      queue.started = true
      for (const next of queue.pending.splice(0)) app.register(next.plugin, next.options)
      return (ready as (...a: unknown[]) => unknown).apply(this, args)
    },
  })
}
