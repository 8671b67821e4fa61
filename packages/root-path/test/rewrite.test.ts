import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { rootPath, rootPathRewriteUrl } from '@portico/root-path'
import Fastify from 'fastify'
import { buildApp } from './helpers.js'

describe('prefix rewriting (behaviour 1)', () => {
  test('a stripping proxy and a pass-through proxy reach the same handler', async () => {
    const app = await buildApp({ rootPath: '/api/v1' })
    for (const url of ['/app', '/api/v1/app']) {
      const response = await app.inject(url)
      assert.equal(response.statusCode, 200, url)
      assert.deepEqual(response.json(), { message: 'Hello World', root_path: '/api/v1' })
    }
  })

  test('"/api/v1" and "/api/v1/" reach "/"', async () => {
    const app = await buildApp({ rootPath: '/api/v1' })
    for (const url of ['/api/v1', '/api/v1/', '/']) {
      assert.deepEqual((await app.inject(url)).json(), { route: 'home', root_path: '/api/v1' }, url)
    }
  })

  test('matching is on segment boundaries: "/api/v1x/app" is not rewritten', async () => {
    const app = await buildApp({ rootPath: '/api/v1' })
    const response = await app.inject('/api/v1x/app')
    assert.equal(response.statusCode, 404)
    assert.match(response.json().message, /GET:\/api\/v1x\/app not found/)
    assert.equal((await app.inject('/api/v12/app')).statusCode, 404)
    assert.equal((await app.inject('/api/app')).statusCode, 404)
  })

  test('query strings are untouched', async () => {
    const app = await buildApp({ rootPath: '/api/v1' })
    const response = await app.inject('/api/v1/echo-url?next=/api/v1/app&x=%2F')
    assert.deepEqual(response.json(), {
      url: '/echo-url?next=/api/v1/app&x=%2F',
      query: { next: '/api/v1/app', x: '/' },
    })
    const atRoot = await app.inject('/api/v1?x=1')
    assert.deepEqual(atRoot.json(), { route: 'home', root_path: '/api/v1' })
  })

  test('without a root path nothing is rewritten', async () => {
    const app = await buildApp({})
    assert.deepEqual((await app.inject('/app')).json(), { message: 'Hello World', root_path: '' })
    assert.equal((await app.inject('/api/v1/app')).statusCode, 404)
  })

  test('the prefix is stripped only once (a route really named /api/v1/... stays reachable from outside)', async () => {
    const app = await buildApp({ rootPath: '/api' })
    app.get('/api/inner', async () => 'inner')
    assert.equal((await app.inject('/api/api/inner')).body, 'inner')
    assert.equal((await app.inject('/api/inner')).statusCode, 404)
  })
})

describe('request.rootPath (behaviour 2)', () => {
  test('in hooks, handlers, error handlers and the 404 handler', async () => {
    const app = Fastify({ rewriteUrl: rootPathRewriteUrl })
    await app.register(rootPath, { rootPath: '/api/v1' })
    const seen: Record<string, string> = {}
    app.addHook('onRequest', async (request) => {
      seen.onRequest = request.rootPath
    })
    app.addHook('preHandler', async (request) => {
      seen.preHandler = request.rootPath
    })
    app.addHook('onResponse', async (request) => {
      seen.onResponse = request.rootPath
    })
    app.setErrorHandler(async (error, request, reply) => {
      return reply.code(418).send({ error: (error as Error).message, root_path: request.rootPath })
    })
    app.setNotFoundHandler(async (request, reply) =>
      reply.code(404).send({ missing: true, root_path: request.rootPath }),
    )
    app.get('/ok', async (request) => ({ root_path: request.rootPath }))
    app.get('/fail', async () => {
      throw new Error('boom')
    })

    assert.deepEqual((await app.inject('/api/v1/ok')).json(), { root_path: '/api/v1' })
    assert.deepEqual(seen, { onRequest: '/api/v1', preHandler: '/api/v1', onResponse: '/api/v1' })
    const failed = await app.inject('/fail')
    assert.equal(failed.statusCode, 418)
    assert.deepEqual(failed.json(), { error: 'boom', root_path: '/api/v1' })
    const missing = await app.inject('/api/v1/nope')
    assert.deepEqual(missing.json(), { missing: true, root_path: '/api/v1' })
  })

  test("'' when there is no root path, typed as string", async () => {
    const app = await buildApp()
    app.get('/typed', async (request) => {
      const value: string = request.rootPath
      return { length: value.length }
    })
    assert.deepEqual((await app.inject('/typed')).json(), { length: 0 })
  })
})

describe('Location headers', () => {
  test('a Location built from a request path never starts with // or /\\', async () => {
    const app = await buildApp({ rootPath: '/api' })
    app.get('/bounce/*', async (request, reply) =>
      reply.redirect(`/${(request.params as { '*': string })['*']}`),
    )
    for (const target of ['/evil.example', '\\evil.example', '%2Fevil.example']) {
      const response = await app.inject(`/api/bounce/${target}`)
      assert.equal(response.statusCode, 302)
      const location = String(response.headers.location)
      assert.ok(!/^[/\\][/\\]/.test(location) && !location.startsWith('\\'), location)
    }
  })
})
