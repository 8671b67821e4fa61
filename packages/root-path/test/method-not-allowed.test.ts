import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { type RootPathOptions, rootPath, rootPathRewriteUrl } from '@portico/root-path'
import Fastify, { type FastifyInstance } from 'fastify'

async function app405(options: RootPathOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({ rewriteUrl: rootPathRewriteUrl })
  await app.register(rootPath, { rootPath: '/api/v1', ...options })
  app.get('/app', async () => ({ message: 'Hello World' }))
  app.post('/items/', async () => 'created')
  app.delete('/things/:id', async () => 'deleted')
  return app
}

describe('405 for a served path and a method it does not handle (methodNotAllowed)', () => {
  test("POST /app on a GET route: 405, Allow, Fastify's error shape (FastAPI's answer)", async (t) => {
    const app = await app405()
    t.after(() => app.close())
    for (const url of ['/app', '/api/v1/app', '/app?x=1']) {
      const res = await app.inject({ method: 'POST', url })
      assert.equal(res.statusCode, 405, url)
      assert.equal(res.headers.allow, 'GET, HEAD')
      assert.match(String(res.headers['content-type']), /^application\/json/)
      assert.deepEqual(res.json(), {
        statusCode: 405,
        code: 'PORTICO_ERR_ROOT_PATH_METHOD_NOT_ALLOWED',
        error: 'Method Not Allowed',
        message: 'Method Not Allowed',
      })
    }
    const put = await app.inject({ method: 'PUT', url: '/things/7' })
    assert.equal(put.statusCode, 405)
    assert.equal(put.headers.allow, 'DELETE')
    const get = await app.inject('/items/')
    assert.equal(get.headers.allow, 'POST')
  })

  test('HEAD follows Fastify: allowed where a GET exposes it; HEAD on a POST-only path is a 405', async (t) => {
    const app = await app405()
    t.after(() => app.close())
    assert.equal((await app.inject({ method: 'HEAD', url: '/app' })).statusCode, 200)
    const head = await app.inject({ method: 'HEAD', url: '/items/' })
    assert.equal(head.statusCode, 405)
    assert.equal(head.headers.allow, 'POST')
  })

  test('OPTIONS is left to Fastify; a catch-all OPTIONS route does not make every path known', async (t) => {
    const app = await app405()
    t.after(() => app.close())
    assert.equal((await app.inject({ method: 'OPTIONS', url: '/app' })).statusCode, 404)
    const cors = await app405()
    t.after(() => cors.close())
    cors.options('*', async (_request, reply) => reply.code(204).send())
    assert.equal((await cors.inject({ method: 'OPTIONS', url: '/app' })).statusCode, 204)
    assert.equal((await cors.inject({ method: 'POST', url: '/nowhere' })).statusCode, 404)
    const post = await cors.inject({ method: 'POST', url: '/app' })
    assert.equal(post.statusCode, 405)
    assert.equal(post.headers.allow, 'GET, HEAD, OPTIONS')
  })

  test('the 405 comes before a trailing-slash redirect, as in Starlette', async (t) => {
    const app = await app405()
    app.get('/items', async () => 'list')
    t.after(() => app.close())
    // GET /items/ has no GET route but a POST one: 405, not a redirect to GET /items.
    const res = await app.inject('/items/')
    assert.equal(res.statusCode, 405)
    assert.equal(res.headers.allow, 'POST')
  })

  test("the 405 goes through the context's error handler", async (t) => {
    const app = await app405()
    app.setErrorHandler(async (error, _request, reply) =>
      reply
        .code((error as { statusCode?: number }).statusCode ?? 500)
        .send({ mine: (error as Error).message }),
    )
    t.after(() => app.close())
    const res = await app.inject({ method: 'POST', url: '/app' })
    assert.equal(res.statusCode, 405)
    assert.equal(res.headers.allow, 'GET, HEAD')
    assert.deepEqual(res.json(), { mine: 'Method Not Allowed' })
  })

  test('methodNotAllowed: false answers 404 as Fastify does', async (t) => {
    const app = await app405({ methodNotAllowed: false })
    t.after(() => app.close())
    const res = await app.inject({ method: 'POST', url: '/app' })
    assert.equal(res.statusCode, 404)
    assert.equal(res.headers.allow, undefined)
  })
})
