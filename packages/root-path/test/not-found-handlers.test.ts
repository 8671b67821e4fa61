import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { rootPath, rootPathNotFound, rootPathRewriteUrl } from '@portico/root-path'
import Fastify, { type FastifyRequest } from 'fastify'

describe("redirects and 405s compose with the app's own not-found handlers", () => {
  test('a handler set on the app after the plugin gets only what the check leaves alone', async (t) => {
    const app = Fastify({ rewriteUrl: rootPathRewriteUrl })
    await app.register(rootPath, { rootPath: '/api' })
    const seen: string[] = []
    app.setNotFoundHandler(
      {
        preHandler: async (request: FastifyRequest) => {
          seen.push(`preHandler ${request.url}`)
        },
      },
      async (request, reply) => reply.code(404).send({ mine: request.url }),
    )
    app.get('/items/', async () => 'items')
    t.after(() => app.close())
    const redirected = await app.inject('/api/items')
    assert.equal(redirected.statusCode, 307)
    assert.equal(redirected.headers.location, '/api/items/')
    assert.equal((await app.inject({ method: 'POST', url: '/items/' })).statusCode, 405)
    const missing = await app.inject('/api/nothing')
    assert.equal(missing.statusCode, 404)
    assert.deepEqual(missing.json(), { mine: '/nothing' })
    assert.deepEqual(seen, ['preHandler /nothing'])
  })

  test('a handler set in a prefixed plugin gets the check too', async (t) => {
    const app = Fastify({ rewriteUrl: rootPathRewriteUrl })
    await app.register(rootPath, { rootPath: '/api' })
    app.register(
      async (v2) => {
        v2.setNotFoundHandler(async (request, reply) => reply.code(404).send({ v2: request.url }))
        v2.get('/things/', async () => 'things')
      },
      { prefix: '/v2' },
    )
    t.after(() => app.close())
    const res = await app.inject('/api/v2/things')
    assert.equal(res.statusCode, 307)
    assert.equal(res.headers.location, '/api/v2/things/')
    assert.deepEqual((await app.inject('/api/v2/other')).json(), { v2: '/v2/other' })
  })

  test('reply.callNotFound() from a matched route goes to the handler, never redirected', async (t) => {
    const app = Fastify({ rewriteUrl: rootPathRewriteUrl })
    await app.register(rootPath)
    app.get('/items/', async () => 'items')
    app.get('/items', async (_request, reply) => reply.callNotFound())
    t.after(() => app.close())
    assert.equal((await app.inject('/items')).statusCode, 404)
  })

  test('a not-found handler set before the plugin fails at startup, naming the fix', async () => {
    const app = Fastify({ rewriteUrl: rootPathRewriteUrl })
    app.setNotFoundHandler(async (_request, reply) => reply.code(404).send('mine'))
    await assert.rejects(
      async () => {
        await app.register(rootPath)
      },
      {
        code: 'PORTICO_ERR_ROOT_PATH_REGISTRATION_INVALID',
        message: /register it before app\.setNotFoundHandler/,
      },
    )
    // With both answers off there is nothing to install: any order works.
    const off = Fastify({ rewriteUrl: rootPathRewriteUrl })
    off.setNotFoundHandler(async (_request, reply) => reply.code(404).send('mine'))
    await off.register(rootPath, { redirectSlashes: false, methodNotAllowed: false })
    off.get('/items/', async () => 'items')
    assert.equal((await off.inject('/items')).body, 'mine')
    await off.close()
  })

  test('rootPathNotFound(app) right after Fastify() lets setNotFoundHandler come before the plugin', async (t) => {
    const app = Fastify({ rewriteUrl: rootPathRewriteUrl })
    rootPathNotFound(app)
    rootPathNotFound(app) // idempotent
    app.setNotFoundHandler(async (request, reply) => reply.code(404).send({ mine: request.url }))
    await app.register(rootPath, { rootPath: '/api' })
    app.get('/items/', async () => 'items')
    t.after(() => app.close())
    assert.equal((await app.inject('/api/items')).headers.location, '/api/items/')
    assert.equal((await app.inject({ method: 'POST', url: '/api/items/' })).statusCode, 405)
    assert.deepEqual((await app.inject('/api/other')).json(), { mine: '/other' })
  })

  test('routes that match never run the check (no router lookup on the hot path)', async (t) => {
    const app = Fastify({ rewriteUrl: rootPathRewriteUrl })
    await app.register(rootPath, { rootPath: '/api' })
    app.get('/items/', async () => 'items')
    app.post('/items/', async () => 'created')
    let lookups = 0
    const findRoute = app.findRoute.bind(app)
    app.findRoute = ((options: Parameters<typeof findRoute>[0]) => {
      lookups++
      return findRoute(options)
    }) as typeof app.findRoute
    t.after(() => app.close())
    for (const url of ['/items/', '/api/items/', '/api/items/?x=1']) {
      assert.equal((await app.inject(url)).statusCode, 200)
      assert.equal((await app.inject({ method: 'POST', url })).statusCode, 200)
      assert.equal((await app.inject({ method: 'HEAD', url })).statusCode, 200)
    }
    assert.equal(lookups, 0)
    assert.equal((await app.inject('/api/items')).statusCode, 307)
    assert.ok(lookups > 0, 'a request that matches no route is checked')
  })
})
