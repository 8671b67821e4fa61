import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { type RootPathOptions, rootPath, rootPathRewriteUrl } from '@portico/root-path'
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import { CLIENT, PROXY } from './helpers.js'

/** Routes declared with and without a trailing slash, as FastAPI's tutorials have them. */
async function slashApp(
  options: RootPathOptions = {},
  fastifyOptions: FastifyServerOptions = {},
): Promise<FastifyInstance> {
  const app = Fastify({ rewriteUrl: rootPathRewriteUrl, ...fastifyOptions })
  await app.register(rootPath, options)
  app.get('/items/', async (request) => ({ items: true, root_path: request.rootPath }))
  app.get('/app', async () => ({ message: 'Hello World' }))
  app.post('/form', async (request) => ({ got: request.body }))
  app.put('/form', async () => 'put')
  app.register(
    async (sub) => {
      sub.get('/', async (request) => ({ sub: true, root_path: request.rootPath }))
      sub.get('/things/', async () => 'things')
    },
    { prefix: '/sub' },
  )
  return app
}

describe('trailing-slash redirects (redirectSlashes, on by default)', () => {
  test('a path that differs only by the slash gets 307 to the declared path, query kept', async (t) => {
    const app = await slashApp()
    t.after(() => app.close())
    const res = await app.inject('/items?page=2&q=a%20b')
    assert.equal(res.statusCode, 307)
    assert.equal(res.headers.location, '/items/?page=2&q=a%20b')
    assert.equal(res.body, '')
    assert.equal((await app.inject('/items/')).statusCode, 200)
    const removed = await app.inject('/app/')
    assert.equal(removed.statusCode, 307)
    assert.equal(removed.headers.location, '/app')
    const head = await app.inject({ method: 'HEAD', url: '/items' })
    assert.equal(head.statusCode, 307)
    assert.equal(head.headers.location, '/items/')
  })

  test('other methods get 308, so the client sends the body again', async (t) => {
    const app = await slashApp()
    t.after(() => app.close())
    const res = await app.inject({ method: 'POST', url: '/form/?x=1', payload: { a: 1 } })
    assert.equal(res.statusCode, 308)
    assert.equal(res.headers.location, '/form?x=1')
    const followed = await app.inject({ method: 'POST', url: res.headers.location!, payload: { a: 1 } })
    assert.deepEqual(followed.json(), { got: { a: 1 } })
    // A body that fails to parse does not matter: the redirect is decided before the body is read.
    const broken = await app.inject({
      method: 'PUT',
      url: '/form/',
      payload: '{not json',
      headers: { 'content-type': 'application/json' },
    })
    assert.equal(broken.statusCode, 308)
  })

  test('the Location keeps the static root path, whether the proxy strips it or not', async (t) => {
    const app = await slashApp({ rootPath: '/api/v1' })
    t.after(() => app.close())
    for (const url of ['/items', '/api/v1/items']) {
      const res = await app.inject(url)
      assert.equal(res.statusCode, 307, url)
      assert.equal(res.headers.location, '/api/v1/items/', url)
    }
    assert.equal((await app.inject('/api/v1/app/?x=1')).headers.location, '/api/v1/app?x=1')
    // Under a mount prefix, the prefix is in the path the client requests.
    assert.equal((await app.inject('/api/v1/sub/things')).headers.location, '/api/v1/sub/things/')
  })

  test('the Location keeps a trusted forwarded prefix, never an untrusted one', async (t) => {
    const app = await slashApp({ rootPath: '/api/v1', forwardedPrefix: true }, { trustProxy: PROXY })
    t.after(() => app.close())
    const via = (remoteAddress: string, url: string) =>
      app.inject({ url, remoteAddress, headers: { 'x-forwarded-prefix': '/edge' } })
    assert.equal((await via(PROXY, '/items')).headers.location, '/edge/items/')
    assert.equal((await via(PROXY, '/edge/items')).headers.location, '/edge/items/')
    assert.equal((await via(CLIENT, '/items')).headers.location, '/api/v1/items/')
  })

  test('{ absolute: true }: the trusted scheme and host (FastAPI "Redirects with HTTPS")', async (t) => {
    const app = await slashApp(
      { rootPath: '/api/v1', redirectSlashes: { absolute: true } },
      { trustProxy: PROXY },
    )
    t.after(() => app.close())
    const forwarded = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'example.com' }
    const trusted = await app.inject({ url: '/items?x=1', remoteAddress: PROXY, headers: forwarded })
    assert.equal(trusted.headers.location, 'https://example.com/api/v1/items/?x=1')
    // From a client that is no trusted proxy, its X-Forwarded-* are ignored: its own Host, http.
    const direct = await app.inject({
      url: '/items',
      remoteAddress: CLIENT,
      headers: { ...forwarded, host: 'app.internal:8000' },
    })
    assert.equal(direct.headers.location, 'http://app.internal:8000/api/v1/items/')
    // A host that is not host[:port] never becomes the start of a Location: the relative form.
    const hostile = await app.inject({
      url: '/items',
      remoteAddress: PROXY,
      headers: { 'x-forwarded-host': 'evil.example/x' },
    })
    assert.equal(hostile.headers.location, '/api/v1/items/')
  })

  test('relative by default even with trusted X-Forwarded-Proto and Host', async (t) => {
    const app = await slashApp({}, { trustProxy: true })
    t.after(() => app.close())
    const res = await app.inject({
      url: '/items',
      headers: { 'x-forwarded-proto': 'https', host: 'example.com' },
    })
    assert.equal(res.statusCode, 307)
    assert.equal(res.headers.location, '/items/')
    assert.equal(
      new URL(res.headers.location!, 'https://example.com/items').href,
      'https://example.com/items/',
    )
  })

  test('never for "/", never to a route of another method, never off-origin', async (t) => {
    const app = await slashApp()
    app.get('/:name/', async () => 'named')
    t.after(() => app.close())
    assert.equal((await app.inject('/')).statusCode, 404)
    assert.equal((await app.inject({ method: 'DELETE', url: '/items' })).statusCode, 404)
    // Encoded slashes stay encoded: the Location is the raw path the client sent, plus the slash.
    for (const url of ['/%2F%2Fevil.example', '/%5C%5Cevil.example', '/%2F%5Cevil.example']) {
      const res = await app.inject(url)
      assert.equal(res.statusCode, 307, url)
      const location = res.headers.location!
      assert.ok(!/^[/\\]{2}/.test(location) && !location.startsWith('\\'), `${url} -> ${location}`)
      assert.equal(new URL(location, 'https://app.example/x').host, 'app.example', `${url} -> ${location}`)
    }
  })

  test('characters outside printable ASCII are percent-encoded in the Location', async (t) => {
    const app = await slashApp()
    app.get('/:name/', async () => 'named')
    t.after(() => app.close())
    assert.equal((await app.inject('/%E2%82%AC')).headers.location, '/%E2%82%AC/')
    assert.equal((await app.inject('/€')).headers.location, '/%E2%82%AC/')
  })

  test('a route constrained to another host is not redirected to', async (t) => {
    const app = await slashApp()
    app.get('/only-a/', { constraints: { host: 'a.example' } }, async () => 'a')
    t.after(() => app.close())
    const a = await app.inject({ url: '/only-a', headers: { host: 'a.example' } })
    assert.equal(a.statusCode, 307)
    assert.equal(a.headers.location, '/only-a/')
    assert.equal((await app.inject({ url: '/only-a', headers: { host: 'b.example' } })).statusCode, 404)
  })

  test('a wildcard route is redirected to like any other', async (t) => {
    const app = await slashApp()
    app.get('/files/*', async () => 'file')
    t.after(() => app.close())
    assert.equal((await app.inject('/files')).headers.location, '/files/')
    assert.equal((await app.inject('/files/a/b')).statusCode, 200)
  })

  test('a "/" route under a prefix answers both forms, without a redirect', async (t) => {
    const app = await slashApp({ rootPath: '/api/v1' })
    t.after(() => app.close())
    for (const url of ['/sub', '/sub/', '/api/v1/sub', '/api/v1/sub/']) {
      assert.deepEqual((await app.inject(url)).json(), { sub: true, root_path: '/api/v1' }, url)
    }
  })

  test('redirectSlashes: false answers 404 as Fastify does', async (t) => {
    const app = await slashApp({ redirectSlashes: false })
    t.after(() => app.close())
    const res = await app.inject('/items')
    assert.equal(res.statusCode, 404)
    assert.deepEqual(res.json(), {
      message: 'Route GET:/items not found',
      error: 'Not Found',
      statusCode: 404,
    })
    assert.equal((await app.inject({ method: 'POST', url: '/app' })).statusCode, 405, '405 is its own option')
  })
})
