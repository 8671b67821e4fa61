import { executionAsyncResource } from 'node:async_hooks'

// Node's `process.nextTick` builds each tick object with a literal whose first keys are computed
// symbols (`{ [async_id_symbol]: ..., [trigger_async_id_symbol]: ..., callback, args }`). Its
// optimized code refers to those objects' maps weakly, and only live tick objects keep them: a full
// GC that runs while none is alive collects them, the code is deoptimized, and the code V8 builds
// next defines every tick object's properties through its runtime, about five times slower a call,
// for the rest of the process. Whether a server's start ends in such a GC depends on how it
// allocated; one that did served 10 to 15% fewer requests. One tick object kept alive keeps the
// maps (docs/performance.md, "Cold start: one module per package, and Node's nextTick after a full
// GC").

let kept: object | undefined

/**
 * Keeps one of Node's own tick objects alive for the rest of the process, so that
 * `process.nextTick` keeps its optimized code across full GCs. The first call schedules a tick and
 * keeps the object Node made for it (`executionAsyncResource()` inside the callback); later calls
 * do nothing. Called by the plugin each time it is registered.
 *
 * @example
 * keepTickObjectShape() // before the server takes load
 */
export function keepTickObjectShape(): void {
  if (kept !== undefined) return
  kept = {}
  process.nextTick(() => {
    kept = executionAsyncResource()
  })
}
