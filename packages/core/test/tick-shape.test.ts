import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { test } from 'node:test'
import { promisify } from 'node:util'

// tick-shape.ts: the plugin keeps one of Node's tick objects alive, so that their maps (which
// Node's optimized nextTick refers to weakly) survive full GCs. Seen from outside: of the tick
// objects made while an app registers and gets ready, one is still alive after two full GCs, and it
// is one of Node's own ({ [async_id_symbol], [trigger_async_id_symbol], callback, args }). A fresh
// process each (the kept object is per process); plain Fastify is the control.
function script(withPortico: boolean): string {
  return `
    import { createHook } from 'node:async_hooks'
    import Fastify from 'fastify'
    import { portico } from '@portico/core'
    const ticks = []
    const hook = createHook({
      init(id, type, trigger, resource) { if (type === 'TickObject') ticks.push(new WeakRef(resource)) },
    }).enable()
    const app = Fastify()
    if (${withPortico}) await app.register(portico, { controllers: [] })
    await app.ready()
    hook.disable()
    // A WeakRef holds its target until the end of the job that made it.
    await new Promise((resolve) => setImmediate(resolve))
    gc()
    gc()
    const alive = ticks.map((ref) => ref.deref()).filter((tick) => tick !== undefined)
    console.log(JSON.stringify({
      made: ticks.length,
      alive: alive.map((tick) => ({ symbols: Object.getOwnPropertySymbols(tick).map(String), keys: Object.keys(tick) })),
    }))
    await app.close()
  `
}

async function ticksAfterGc(withPortico: boolean) {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--expose-gc', '--input-type=module', '-e', script(withPortico)],
    { cwd: new URL('.', import.meta.url) },
  )
  return JSON.parse(stdout) as { made: number; alive: { symbols: string[]; keys: string[] }[] }
}

test('plain Fastify keeps none of the tick objects it made (the control)', async () => {
  const { made, alive } = await ticksAfterGc(false)
  assert.ok(made > 0)
  assert.deepEqual(alive, [])
})

test("with Portico's plugin registered, one of Node's tick objects outlives full GCs", async () => {
  const { alive } = await ticksAfterGc(true)
  assert.deepEqual(alive, [
    { symbols: ['Symbol(async_id_symbol)', 'Symbol(trigger_async_id_symbol)'], keys: ['callback', 'args'] },
  ])
})
