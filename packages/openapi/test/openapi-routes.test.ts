import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { openapi, openapiRoutes } from '@portico/openapi'
import Fastify, { type FastifyInstance, type RouteOptions } from 'fastify'
import fp from 'fastify-plugin'

const SERVING = ['/openapi.json', '/docs', '/docs/oauth2-redirect', '/redoc']

/** An `onRoute` plugin (like @fastify/compress): it sees only the routes registered after it. */
const marker = fp(async (fastify: FastifyInstance) => {
  fastify.addHook('onRoute', (route: RouteOptions) => {
    route.onSend = async (_request, reply, payload) => {
      reply.header('x-marked', 'yes')
      return payload
    }
  })
})

describe('registerRoutes: false and openapiRoutes', () => {
  test('the serving routes wait for openapiRoutes, and plugins registered in between apply to them', async () => {
    const app = Fastify()
    await app.register(openapi, { registerRoutes: false })
    app.get('/x', async () => 'x')
    await app.register(marker)
    await app.register(openapiRoutes)
    await app.ready()
    for (const url of SERVING) {
      const response = await app.inject(url)
      assert.equal(response.statusCode, 200, url)
      assert.equal(response.headers['x-marked'], 'yes', url)
    }
    const assets = /src="([^"]+swagger-ui-bundle\.js)"/.exec((await app.inject('/docs')).body)
    assert.equal((await app.inject(assets![1]!)).headers['x-marked'], 'yes')
    // The document has the app's route, not the serving ones.
    assert.deepEqual(Object.keys(app.openapi.document().paths ?? {}), ['/x'])
    await app.close()
  })

  test('without openapiRoutes there are no serving routes, but the document exists', async () => {
    const app = Fastify()
    await app.register(openapi, { registerRoutes: false })
    app.get('/x', async () => 'x')
    await app.ready()
    for (const url of SERVING) assert.equal((await app.inject(url)).statusCode, 404, url)
    assert.deepEqual(Object.keys(app.openapi.document().paths ?? {}), ['/x'])
    await app.close()
  })

  test('openapiRoutes without a waiting openapi plugin fails naming the prefix', async () => {
    for (const options of [{}, { registerRoutes: true }]) {
      const app = Fastify()
      await app.register(openapi, options)
      await assert.rejects(
        (async () => {
          await app.register(openapiRoutes)
        })(),
        (error: Error & { code?: string }) => {
          assert.equal(error.code, 'PORTICO_ERR_OPENAPI_ROUTES_PLUGIN_MISSING')
          assert.match(error.message, /prefix ""/)
          return true
        },
      )
    }
  })

  test('openapiRoutes registers the routes once', async () => {
    const app = Fastify()
    await app.register(openapi, { registerRoutes: false })
    await app.register(openapiRoutes)
    await assert.rejects(
      (async () => {
        await app.register(openapiRoutes)
      })(),
      { code: 'PORTICO_ERR_OPENAPI_ROUTES_PLUGIN_MISSING' },
    )
  })
})
