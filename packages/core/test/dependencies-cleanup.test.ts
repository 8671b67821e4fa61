import assert from 'node:assert/strict'
import http from 'node:http'
import { test } from 'node:test'
import { Controller, Depends, dependency, Get, header, Post, type Resolved } from '@portico/core'
import { Type } from '@sinclair/typebox'
import Fastify from 'fastify'
import { appWith } from './helpers.js'

// Generator dependencies (FastAPI's `yield` dependencies): cleanup after the response, in reverse
// order of setup, with the error thrown in, and awaited on app close.

test('cleanups run after the response is sent, last set up first', async (t) => {
  const events: string[] = []
  const db = dependency({}, function* db() {
    events.push('db open')
    yield { query: () => 'rows' }
    events.push('db close')
  })
  const tx = dependency({ db }, async function* tx({ db }) {
    events.push('tx begin')
    yield db
    await new Promise((r) => setTimeout(r, 2))
    events.push('tx commit')
  })
  @Controller()
  class Api {
    @Get('/rows')
    rows(@Depends(tx) conn: Resolved<typeof tx>) {
      events.push('handler')
      return { rows: conn.query() }
    }
  }
  const app = await appWith(t, { controllers: [Api] })
  const res = await app.inject({ url: '/rows' })
  assert.deepEqual(res.json(), { rows: 'rows' })
  await app.close()
  assert.deepEqual(events, ['db open', 'tx begin', 'handler', 'tx commit', 'db close'])
})

test('when the handler throws, the error is thrown into the generators; a rethrow other than it is logged', async () => {
  const events: string[] = []
  const logged: unknown[] = []
  const outer = dependency({}, function* outer() {
    try {
      yield 1
      events.push('outer ok')
    } catch (error) {
      events.push(`outer caught ${(error as Error).message}`)
      throw new Error('cleanup failed')
    }
  })
  const inner = dependency({ outer }, function* inner() {
    try {
      yield 2
    } catch (error) {
      events.push(`inner caught ${(error as Error).message}`)
      throw error
    }
  })
  @Controller()
  class Api {
    @Get('/boom')
    boom(@Depends(inner) _v: Resolved<typeof inner>) {
      throw new Error('handler failed')
    }
  }
  const app = Fastify({
    logger: {
      level: 'error',
      stream: {
        write: (line: string) => {
          logged.push(JSON.parse(line))
        },
      },
    },
  })
  const { portico } = await import('@portico/core')
  await app.register(portico, { controllers: [Api] })
  await app.ready()
  const res = await app.inject({ url: '/boom' })
  assert.equal(res.statusCode, 500)
  await app.close()
  assert.deepEqual(events, ['inner caught handler failed', 'outer caught handler failed'])
  assert.ok(
    logged.some((l) => (l as { err?: { message?: string } }).err?.message === 'cleanup failed'),
    'the cleanup failure is logged',
  )
})

test('a generator set up before validation is cleaned up when validation fails', async (t) => {
  const events: string[] = []
  const session = dependency({ id: header('x-session') }, function* session({ id }) {
    events.push(`open ${id}`)
    try {
      yield id
    } catch (error) {
      events.push(`failed ${(error as { statusCode?: number }).statusCode}`)
      return
    }
    events.push('close')
  })
  @Controller()
  class Api {
    @Post('/x', { body: Type.Object({ n: Type.Integer() }) })
    x(@Depends(session) s: Resolved<typeof session>) {
      return { s }
    }
  }
  const app = await appWith(t, { controllers: [Api] })
  const bad = await app.inject({
    method: 'POST',
    url: '/x',
    headers: { 'x-session': 'a' },
    payload: { n: 'no' },
  })
  assert.equal(bad.statusCode, 400)
  const ok = await app.inject({ method: 'POST', url: '/x', headers: { 'x-session': 'b' }, payload: { n: 1 } })
  assert.deepEqual(ok.json(), { s: 'b' })
  await app.close()
  assert.deepEqual(events, ['open a', 'failed 400', 'open b', 'close'])
})

test('app close waits for a slow cleanup', async (t) => {
  let done = false
  const slow = dependency({}, async function* slow() {
    yield 'v'
    await new Promise((r) => setTimeout(r, 50))
    done = true
  })
  @Controller()
  class Api {
    @Get('/s')
    s(@Depends(slow) v: Resolved<typeof slow>) {
      return { v }
    }
  }
  const app = await appWith(t, { controllers: [Api] })
  assert.deepEqual((await app.inject({ url: '/s' })).json(), { v: 'v' })
  assert.equal(done, false)
  await app.close()
  assert.equal(done, true)
})

test('a client that disconnects still gets its cleanups, once the handler has settled', async (t) => {
  const events: string[] = []
  const resource = dependency({}, function* resource() {
    events.push('open')
    yield 'r'
    events.push('close')
  })
  @Controller()
  class Api {
    @Get('/slow')
    async slow(@Depends(resource) r: Resolved<typeof resource>) {
      await new Promise((resolve) => setTimeout(resolve, 60))
      events.push('handler done')
      return { r }
    }
  }
  const app = Fastify()
  t.after(() => app.close())
  const { portico } = await import('@portico/core')
  await app.register(portico, { controllers: [Api] })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as { port: number }
  const req = http.get(`http://127.0.0.1:${port}/slow`)
  req.on('error', () => {})
  await new Promise((resolve) => setTimeout(resolve, 20))
  req.destroy()
  await new Promise((resolve) => setTimeout(resolve, 150))
  assert.deepEqual(events, ['open', 'handler done', 'close'])
})
