import type { FastifyInstance } from 'fastify'

/**
 * Runs the `onReady()` / `onClose()` methods of the objects the container created, from Fastify's
 * `onReady` hook in creation order (dependencies first) and from its `onClose` hook in reverse order
 * (dependents first), so a service closes before the pool it uses. Either may be sync or async.
 */
export function addLifecycleHooks(fastify: FastifyInstance, created: readonly object[]): void {
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
