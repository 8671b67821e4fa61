import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Controller, Get, Injectable, portico } from '@portico/core'
import Fastify from 'fastify'

@Injectable()
class Counter {
  count = 0
  next() {
    return ++this.count
  }
}

@Controller('/count')
class CountController {
  constructor(readonly counter: Counter) {}
  @Get()
  next() {
    return { n: this.counter.next() }
  }
}

@Controller('/only-a')
class OnlyA {
  @Get()
  get() {
    return 'a'
  }
}

@Controller('/only-b')
class OnlyB {
  @Get()
  get() {
    return 'b'
  }
}

test('two apps in one process with different controllers do not see each other', async (t) => {
  const a = Fastify()
  const b = Fastify()
  t.after(() => Promise.all([a.close(), b.close()]))
  await a.register(portico, { controllers: [OnlyA, CountController], providers: [Counter] })
  await b.register(portico, { controllers: [OnlyB, CountController], providers: [Counter] })
  assert.equal((await a.inject('/only-a')).body, 'a')
  assert.equal((await a.inject('/only-b')).statusCode, 404)
  assert.equal((await b.inject('/only-b')).body, 'b')
  assert.equal((await b.inject('/only-a')).statusCode, 404)
  assert.deepEqual((await a.inject('/count')).json(), { n: 1 })
  assert.deepEqual((await a.inject('/count')).json(), { n: 2 })
  assert.deepEqual((await b.inject('/count')).json(), { n: 1 }, 'b has its own Counter')
})

test('registered inside register(..., { prefix }) the routes get that prefix', async (t) => {
  const app = Fastify()
  t.after(() => app.close())
  await app.register(
    async (api) => {
      await api.register(portico, { controllers: [OnlyA] })
    },
    { prefix: '/api/v1' },
  )
  assert.equal((await app.inject('/api/v1/only-a')).body, 'a')
  assert.equal((await app.inject('/only-a')).statusCode, 404)
})

test('several registrations in different encapsulated contexts are separate apps', async (t) => {
  const app = Fastify()
  t.after(() => app.close())
  await app.register(portico, { controllers: [OnlyA, CountController], providers: [Counter] })
  await app.register(
    async (sub) => {
      await sub.register(portico, { controllers: [OnlyB, CountController], providers: [Counter] })
    },
    { prefix: '/sub' },
  )
  await app.register(
    async (other) => {
      await other.register(portico, { controllers: [CountController], providers: [Counter] })
    },
    { prefix: '/other' },
  )
  assert.equal((await app.inject('/only-a')).body, 'a')
  assert.equal((await app.inject('/sub/only-b')).body, 'b')
  assert.equal((await app.inject('/sub/only-a')).statusCode, 404)
  assert.equal((await app.inject('/only-b')).statusCode, 404)
  assert.deepEqual((await app.inject('/count')).json(), { n: 1 })
  assert.deepEqual((await app.inject('/count')).json(), { n: 2 })
  assert.deepEqual((await app.inject('/sub/count')).json(), { n: 1 })
  assert.deepEqual((await app.inject('/other/count')).json(), { n: 1 })
})

test("hooks of a sibling context do not run for a mounted app's routes", async (t) => {
  const log: string[] = []
  const app = Fastify()
  t.after(() => app.close())
  await app.register(async (one) => {
    one.addHook('onRequest', async () => {
      log.push('one')
    })
    await one.register(portico, { controllers: [OnlyA] })
  })
  await app.register(async (two) => {
    await two.register(portico, { controllers: [OnlyB] })
  })
  await app.inject('/only-b')
  assert.deepEqual(log, [])
  await app.inject('/only-a')
  assert.deepEqual(log, ['one'])
})
