import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { buildPath, compileRoutePattern } from '@portico/root-path'
import { buildApp, CLIENT, PROXY } from './helpers.js'

async function urlApp(options = {}, fastifyOptions = {}) {
  const app = await buildApp({ rootPath: '/api/v1', ...options }, fastifyOptions)
  app.get('/items/:id', { config: { name: 'item' } }, async () => 'item')
  app.get('/files/*', { config: { name: 'files' } }, async () => 'files')
  app.get(
    '/portico',
    { config: { portico: { name: 'porticoRoute', controller: 'C', handler: 'h' } } as never },
    async () => 'p',
  )
  app.post('/url', async (request) => {
    const { name, params, query, absolute } = request.body as Record<string, any>
    return {
      url: absolute ? request.absoluteUrlFor(name, params, query) : request.urlFor(name, params, query),
    }
  })
  app.get('/go', async (_request, reply) => reply.redirectTo('item', { id: 7 }, { from: 'go' }))
  app.get('/go-303', async (_request, reply) => reply.redirectTo('home', undefined, undefined, 303))
  return app
}

async function url(app: Awaited<ReturnType<typeof urlApp>>, body: Record<string, unknown>, extra = {}) {
  const response = await app.inject({ method: 'POST', url: '/url', body, ...extra })
  return response.statusCode === 200 ? response.json().url : response.json()
}

describe('URL generation (behaviour 7)', () => {
  test('named routes (config.name and config.portico.name) with the root path', async () => {
    const app = await urlApp()
    assert.equal(await url(app, { name: 'app' }), '/api/v1/app')
    assert.equal(await url(app, { name: 'home' }), '/api/v1/')
    assert.equal(await url(app, { name: 'porticoRoute' }), '/api/v1/portico')
    assert.equal(
      await url(app, { name: 'item', params: { id: 42 }, query: { a: 'x y', b: [1, 2], c: undefined } }),
      '/api/v1/items/42?a=x+y&b=1&b=2',
    )
  })

  test('params are encoded as one segment; dot segments stay data', async () => {
    const app = await urlApp()
    assert.equal(await url(app, { name: 'item', params: { id: 'a/b?c#d' } }), '/api/v1/items/a%2Fb%3Fc%23d')
    assert.equal(await url(app, { name: 'item', params: { id: '..' } }), '/api/v1/items/%2E%2E')
    assert.equal(
      await url(app, { name: 'files', params: { '*': 'docs/../a b.txt' } }),
      '/api/v1/files/docs/%2E%2E/a%20b.txt',
    )
    assert.equal(
      await url(app, { name: 'files', params: { '*': '//evil.example/x' } }),
      '/api/v1/files/evil.example/x',
    )
  })

  test('missing params and unknown names give clear errors', async () => {
    const app = await urlApp()
    const missing = await url(app, { name: 'item' })
    assert.equal(missing.code, 'PORTICO_ERR_ROOT_PATH_URL_PARAM_MISSING')
    assert.equal(missing.message, 'urlFor("item"): missing value for path parameter "id" of "/items/:id"')
    assert.equal(
      (await url(app, { name: 'item', params: { id: '' } })).code,
      'PORTICO_ERR_ROOT_PATH_URL_PARAM_MISSING',
    )
    const unknown = await url(app, { name: 'nope' })
    assert.equal(unknown.code, 'PORTICO_ERR_ROOT_PATH_ROUTE_NOT_FOUND')
  })

  test('the forwarded prefix is used for trusted requests only', async () => {
    const app = await urlApp({ forwardedPrefix: true }, { trustProxy: PROXY })
    const headers = { 'x-forwarded-prefix': '/b' }
    assert.equal(await url(app, { name: 'app' }, { headers, remoteAddress: PROXY }), '/b/app')
    assert.equal(await url(app, { name: 'app' }, { headers, remoteAddress: CLIENT }), '/api/v1/app')
  })

  test('absoluteUrlFor uses the trusted protocol and host', async () => {
    const app = await urlApp({}, { trustProxy: PROXY })
    const headers = {
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'api.example.com',
      host: 'internal:8000',
    }
    assert.equal(
      await url(app, { name: 'app', absolute: true }, { headers, remoteAddress: PROXY }),
      'https://api.example.com/api/v1/app',
    )
    assert.equal(
      await url(app, { name: 'app', absolute: true }, { headers, remoteAddress: CLIENT }),
      'http://internal:8000/api/v1/app',
    )
    const hostile = await app.inject({
      method: 'POST',
      url: '/url',
      body: { name: 'app', absolute: true },
      headers: { host: 'evil.example/x?' },
    })
    assert.equal(hostile.statusCode, 400)
    assert.equal(hostile.json().code, 'PORTICO_ERR_ROOT_PATH_HOST_INVALID')
  })

  test('reply.redirectTo keeps the prefix', async () => {
    const app = await urlApp()
    const response = await app.inject('/api/v1/go')
    assert.equal(response.statusCode, 302)
    assert.equal(response.headers.location, '/api/v1/items/7?from=go')
    const seeOther = await app.inject('/go-303')
    assert.equal(seeOther.statusCode, 303)
    assert.equal(seeOther.headers.location, '/api/v1/')
  })

  test('a duplicate route name fails at startup; the HEAD twin of a GET does not count', async () => {
    const app = await buildApp()
    app.get('/one', { config: { name: 'dup' } }, async () => 1)
    assert.throws(() => app.get('/two', { config: { name: 'dup' } }, async () => 2), {
      code: 'PORTICO_ERR_ROOT_PATH_ROUTE_NAME_DUPLICATE',
    })
    assert.throws(() => app.get('/three', { config: { name: '' } }, async () => 3), {
      code: 'PORTICO_ERR_ROOT_PATH_ROUTE_NAME_INVALID',
    })
  })

  test('route patterns: regex params, multi-params, optional, escaped colons', () => {
    const cases: Array<[string, Record<string, string | number>, string]> = [
      ['/users/:id(^\\d+$)', { id: 12 }, '/users/12'],
      ['/range/:from-:to', { from: 1, to: 9 }, '/range/1-9'],
      ['/file/:name.:ext', { name: 'a', ext: 'txt' }, '/file/a.txt'],
      ['/time/at::hour', {}, '/time/at:hour'],
      ['/opt/:id?', {}, '/opt'],
      ['/opt/:id?', { id: 3 }, '/opt/3'],
      ['/', {}, '/'],
    ]
    for (const [pattern, params, expected] of cases) {
      assert.equal(buildPath(compileRoutePattern(pattern), 'r', params), expected, pattern)
    }
  })
})
