import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { type OpenApiServeHook, openapi } from '@portico/openapi'
import Fastify from 'fastify'
import { seedApp } from './fixtures.js'

/** The JSON data element `id` of a page (what its start script reads). */
function pageData(html: string, id: string): Record<string, any> {
  const match = new RegExp(`<script type="application/json" id="${id}">([^<]*)</script>`).exec(html)
  assert.ok(match, `data element #${id} not found in the page`)
  return JSON.parse(match[1]!)
}

const swaggerConfig = (html: string): Record<string, unknown> =>
  pageData(html, 'portico-swagger-ui-config').config

const fromHeader: OpenApiServeHook = (request) => {
  const root = request.headers['x-test-root']
  if (typeof root !== 'string') return undefined
  return { basePath: root, servers: [{ url: root }], vary: ['x-test-root'] }
}

describe('serve hooks', () => {
  test('basePath moves the spec, OAuth2 redirect and asset URLs of every page', async () => {
    const app = await seedApp({ serveHook: fromHeader })
    const headers = { 'x-test-root': '/api/v1' }
    const docs = await app.inject({ url: '/docs', headers })
    const config = swaggerConfig(docs.body)
    assert.equal(config.url, '/api/v1/openapi.json')
    assert.equal(config.oauth2RedirectUrl, '/api/v1/docs/oauth2-redirect')
    assert.match(docs.body, /src="\/api\/v1\/docs\/assets\/swagger-ui-[\d.]+\/swagger-ui-bundle\.js"/)
    assert.match(docs.body, /href="\/api\/v1\/docs\/assets\/swagger-ui-[\d.]+\/swagger-ui\.css"/)
    const redirect = await app.inject({ url: '/docs/oauth2-redirect', headers })
    assert.match(redirect.body, /src="\/api\/v1\/docs\/assets\/swagger-ui-[\d.]+\/oauth2-redirect\.js"/)
    const redoc = await app.inject({ url: '/redoc', headers })
    assert.equal(pageData(redoc.body, 'portico-redoc-config').url, '/api/v1/openapi.json')
    assert.match(redoc.body, /src="\/api\/v1\/redoc\/assets\/redoc-[\d.]+\/redoc-init\.[0-9a-f]{12}\.js"/)
    assert.match(redoc.body, /src="\/api\/v1\/redoc\/assets\/redoc-[\d.]+\/redoc\.standalone\.js"/)
    // A trailing slash on the base path does not double the slash.
    const slash = await app.inject({ url: '/docs', headers: { 'x-test-root': '/api/v1/' } })
    assert.equal(swaggerConfig(slash.body).url, '/api/v1/openapi.json')
    await app.close()
  })

  test('a response built by serve hooks says so to caches', async () => {
    const app = await seedApp({ serveHook: fromHeader })
    for (const url of ['/openapi.json', '/docs', '/docs/oauth2-redirect', '/redoc']) {
      const response = await app.inject({ url, headers: { 'x-test-root': '/p' } })
      assert.equal(response.headers['cache-control'], 'no-store', url)
      assert.equal(response.headers.vary, 'x-test-root', url)
    }
    await app.close()
  })

  test('Vary lists of several hooks merge; invalid names and repeats are dropped', async () => {
    const frozen = Object.freeze(['X-Forwarded-Prefix', 'bad header', 'x-forwarded-prefix'])
    const app = await seedApp({
      serveHook: [
        () => ({ vary: frozen as unknown as string[] }),
        () => ({ vary: ['Accept-Language', 'X-Forwarded-Prefix', 42 as never, 'a\nb'] }),
        () => ({ vary: ['(nope)'] }),
      ],
    })
    for (let i = 0; i < 2; i++) {
      const response = await app.inject('/openapi.json')
      assert.equal(response.headers.vary, 'X-Forwarded-Prefix, Accept-Language')
    }
    await app.close()
  })

  test('a base path refused once is refused every time, and a good one after it is used', async () => {
    const app = await seedApp({ serveHook: fromHeader })
    for (const [root, expected] of [
      ['//evil.example', '/openapi.json'],
      ['//evil.example', '/openapi.json'],
      ['/good', '/good/openapi.json'],
      ['/good', '/good/openapi.json'],
      ['//evil.example', '/openapi.json'],
    ] as const) {
      const docs = await app.inject({ url: '/docs', headers: { 'x-test-root': root } })
      assert.equal(swaggerConfig(docs.body).url, expected, root)
    }
    await app.close()
  })

  test('servers: undefined keeps the document’s own, a list replaces it, [] omits the key', async () => {
    let servers: unknown
    const app = await seedApp({
      servers: [{ url: 'https://static.example' }],
      serveHook: () => ({ servers: servers as never }),
    })
    await app.ready()
    servers = undefined
    assert.deepEqual((await app.inject('/openapi.json')).json().servers, [{ url: 'https://static.example' }])
    servers = [{ url: '/api/v1' }, { url: 'https://static.example' }]
    const replaced = await app.inject('/openapi.json')
    assert.deepEqual(replaced.json().servers, servers)
    assert.deepEqual(Object.keys(replaced.json()).slice(0, 3), ['openapi', 'info', 'servers'])
    servers = []
    const omitted = (await app.inject('/openapi.json')).json()
    assert.equal('servers' in omitted, false)
    const { servers: _own, ...rest } = JSON.parse(JSON.stringify(app.openapi.document()))
    assert.deepEqual(omitted, rest)
    await app.close()
  })

  test('later hooks override earlier fields; addServeHook adds hooks on the instance', async () => {
    const app = await seedApp({ serveHook: [() => ({ basePath: '/first', servers: [{ url: '/first' }] })] })
    app.openapi.addServeHook(() => ({ basePath: '/second' }))
    app.openapi.addServeHook(() => undefined)
    await app.ready()
    assert.equal(swaggerConfig((await app.inject('/docs')).body).url, '/second/openapi.json')
    assert.deepEqual((await app.inject('/openapi.json')).json().servers, [{ url: '/first' }])
    assert.throws(() => app.openapi.addServeHook(() => undefined), {
      code: 'PORTICO_ERR_OPENAPI_SERVE_HOOK_TOO_LATE',
    })
    await app.close()
  })

  test('a hostile basePath is encoded everywhere and never appears raw', async () => {
    const hostile = '/a"</script><script>alert(1)</script>'
    const app = await seedApp({ serveHook: fromHeader })
    const headers = { 'x-test-root': hostile }
    for (const url of ['/docs', '/docs/oauth2-redirect', '/redoc']) {
      const response = await app.inject({ url, headers })
      assert.equal(response.statusCode, 200)
      assert.equal(response.body.includes(hostile), false, `${url} echoes the base path raw`)
      assert.equal(response.body.includes('<script>alert(1)'), false, url)
      assert.equal(response.body.includes('"</script>'), false, url)
    }
    const docs = await app.inject({ url: '/docs', headers })
    assert.equal(swaggerConfig(docs.body).url, `${hostile}/openapi.json`, 'the value survives, encoded')
    const redoc = await app.inject({ url: '/redoc', headers })
    assert.equal(pageData(redoc.body, 'portico-redoc-config').url, `${hostile}/openapi.json`)
    assert.match(
      docs.body,
      /src="\/a&quot;&lt;\/script&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;\/docs\/assets\//,
    )
    const document = await app.inject({ url: '/openapi.json', headers })
    assert.deepEqual(document.json().servers, [{ url: hostile }])
    await app.close()
  })

  test('a basePath that is not an absolute path (//host, /\\host, relative, control characters) is ignored', async () => {
    const app = await seedApp({ serveHook: fromHeader })
    for (const root of ['//evil.example', '/\\evil.example', 'evil.example', '/a\tb']) {
      const docs = await app.inject({ url: '/docs', headers: { 'x-test-root': root } })
      assert.equal(docs.statusCode, 200)
      assert.equal(swaggerConfig(docs.body).url, '/openapi.json', JSON.stringify(root))
      assert.equal(docs.body.includes('evil.example'), false)
    }
    await app.close()
  })

  test('the cached serialization is never changed by a request', async () => {
    const app = await seedApp({ serveHook: fromHeader })
    await app.ready()
    const before = JSON.stringify(app.openapi.document())
    const plain = (await app.inject('/openapi.json')).body
    const a = await app.inject({ url: '/openapi.json', headers: { 'x-test-root': '/tenant-a' } })
    const b = await app.inject({ url: '/openapi.json', headers: { 'x-test-root': '/tenant-b' } })
    assert.deepEqual(a.json().servers, [{ url: '/tenant-a' }])
    assert.deepEqual(b.json().servers, [{ url: '/tenant-b' }])
    assert.equal(b.body.includes('tenant-a'), false)
    assert.equal((await app.inject('/openapi.json')).body, plain)
    assert.equal(plain.includes('tenant'), false)
    assert.equal(JSON.stringify(app.openapi.document()), before)
    const docs = await app.inject({ url: '/docs', headers: { 'x-test-root': '/tenant-a' } })
    assert.equal(swaggerConfig(docs.body).url, '/tenant-a/openapi.json')
    assert.equal(swaggerConfig((await app.inject('/docs')).body).url, '/openapi.json')
    await app.close()
  })

  test('the configured servers array is not mutated', async () => {
    const servers = [{ url: 'https://static.example' }]
    const app = Fastify()
    await app.register(openapi, { servers, serveHook: () => ({ servers: [] }) })
    await app.ready()
    await app.inject('/openapi.json')
    assert.deepEqual(servers, [{ url: 'https://static.example' }])
    assert.equal(Object.isFrozen(servers), false)
    await app.close()
  })
})

describe('rendered documents are reused per servers list, never across lists', () => {
  test('more distinct frozen lists than the cache holds each get their own servers', async () => {
    const lists = new Map<string, readonly { url: string }[]>()
    const hook: OpenApiServeHook = (request) => {
      const root = String(request.headers['x-test-root'])
      let servers = lists.get(root)
      if (servers === undefined) {
        servers = Object.freeze([Object.freeze({ url: root })])
        lists.set(root, servers)
      }
      return { servers: servers as { url: string }[] }
    }
    const app = await seedApp({ serveHook: hook })
    // Two passes over 100 roots: the second pass meets evicted and cached entries alike.
    for (let pass = 0; pass < 2; pass++) {
      for (let i = 0; i < 100; i++) {
        const res = await app.inject({ url: '/openapi.json', headers: { 'x-test-root': `/r${i}` } })
        assert.deepEqual(res.json().servers, [{ url: `/r${i}` }])
      }
    }
    await app.close()
  })

  test('a list that is not frozen is read again on every request', async () => {
    const servers = [{ url: '/first' }]
    const app = await seedApp({ serveHook: () => ({ servers }) })
    assert.deepEqual((await app.inject('/openapi.json')).json().servers, [{ url: '/first' }])
    servers[0] = { url: '/second' }
    assert.deepEqual((await app.inject('/openapi.json')).json().servers, [{ url: '/second' }])
    await app.close()
  })
})
