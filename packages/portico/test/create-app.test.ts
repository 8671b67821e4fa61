import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Type } from '@sinclair/typebox'
import type { FastifyReply } from 'fastify'
import { APP_DEFAULTS, Controller, createApp, createSubApp, Get, Reply } from 'portico'

test('createApp returns a Fastify instance with the controllers mounted and options applied', async (t) => {
  @Controller()
  class Hello {
    @Get('/hello')
    hello(@Reply() reply: FastifyReply) {
      return reply.send({ ip: reply.request.ip })
    }
  }
  const app = createApp({
    controllers: [Hello],
    trustProxy: true,
    fastify: { routerOptions: { caseSensitive: false } },
  })
  t.after(() => app.close())
  const res = await app.inject({ url: '/HELLO', headers: { 'x-forwarded-for': '203.0.113.7' } })
  assert.equal(res.statusCode, 200)
  assert.deepEqual(res.json(), { ip: '203.0.113.7' })
})

test('an unknown createApp option fails at the call, naming it and the known ones', () => {
  assert.throws(
    () => createApp({ rootpath: '/api/v1' } as never),
    (error: Error & { code?: string }) => {
      assert.equal(error.code, 'PORTICO_ERR_APP_OPTION_UNKNOWN')
      assert.match(error.message, /Unknown createApp option "rootpath"/)
      for (const key of Object.keys(APP_DEFAULTS.createApp)) assert.ok(error.message.includes(key), key)
      return true
    },
  )
})

test('createApp rejects options that are not an object and controllers that are not classes', () => {
  assert.throws(() => createApp('x' as never), { code: 'PORTICO_ERR_APP_OPTION_INVALID' })
  assert.throws(() => createApp({ controllers: ['x'] as never }), {
    code: 'PORTICO_ERR_APP_OPTION_INVALID',
    message: /"controllers"/,
  })
  assert.throws(() => createApp({ fastify: { rewriteUrl: () => '/' } }), {
    code: 'PORTICO_ERR_APP_OPTION_INVALID',
    message: /fastify\.rewriteUrl/,
  })
})

test('an unknown createSubApp option fails at the call, naming it', () => {
  assert.throws(() => createSubApp({ controller: [] } as never), {
    code: 'PORTICO_ERR_APP_OPTION_UNKNOWN',
    message:
      /Unknown createSubApp option "controller" \(known: controllers, providers, schemas, dependencies, overrides, servers, rootPathInServers, openapi\)/,
  })
})

test('routes a user adds to the app are served and documented next to the controller routes', async (t) => {
  const Item = Type.Object({ id: Type.Integer() })
  @Controller('/items')
  class Items {
    @Get('/', { response: { 200: Type.Array(Item) } })
    list() {
      return [{ id: 1 }]
    }
  }
  const app = createApp({ controllers: [Items] })
  t.after(() => app.close())
  await app.register(async (scope) => {
    scope.get('/health', { schema: { summary: 'Health' } }, async () => ({ ok: true }))
  })
  assert.deepEqual((await app.inject('/items/')).json(), [{ id: 1 }])
  assert.deepEqual((await app.inject('/health')).json(), { ok: true })
  const paths = Object.keys((await app.inject('/openapi.json')).json().paths)
  assert.deepEqual(paths.sort(), ['/health', '/items/'])
})
