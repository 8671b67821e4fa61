// examples/behind-a-proxy, through inject: FastAPI's "Behind a Proxy" seed, behaviour for behaviour.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import buildApp from '@portico/example-behind-a-proxy'
import { validate } from '@readme/openapi-parser'
import type { FastifyInstance } from 'fastify'

const HELLO = { message: 'Hello World', root_path: '/api/v1' }
const CONFIGURED_SERVERS = [
  { url: 'https://stag.example.com', description: 'Staging environment' },
  { url: 'https://prod.example.com', description: 'Production environment' },
]

describe('examples/behind-a-proxy', () => {
  let app: FastifyInstance
  before(async () => {
    app = buildApp()
    await app.ready()
  })
  after(() => app.close())

  for (const url of ['/app', '/api/v1/app']) {
    test(`GET ${url} answers the seed's body (proxy that ${url === '/app' ? 'strips' : 'keeps'} the prefix)`, async () => {
      const res = await app.inject(url)
      assert.equal(res.statusCode, 200)
      assert.match(String(res.headers['content-type']), /^application\/json/)
      assert.deepEqual(res.json(), HELLO)
    })
  }

  test('the query string is left alone and /api/v1x is not under the root path', async () => {
    assert.deepEqual((await app.inject('/api/v1/app?x=1')).json(), HELLO)
    assert.equal((await app.inject('/api/v1x/app')).statusCode, 404)
  })

  for (const url of ['/openapi.json', '/api/v1/openapi.json']) {
    test(`${url} lists the two configured servers only (rootPathInServers: false)`, async () => {
      const res = await app.inject(url)
      assert.equal(res.statusCode, 200)
      const doc = res.json()
      assert.deepEqual(doc.servers, CONFIGURED_SERVERS)
      assert.equal(doc.openapi, '3.1.0')
      assert.deepEqual(Object.keys(doc.paths), ['/app'])
      assert.equal(doc.paths['/app'].get.operationId, 'MainController_readMain')
      assert.equal(doc.paths['/app'].get.summary, 'Read Main')
      assert.deepEqual(doc.paths['/app'].get.responses['200'].content['application/json'].schema, {
        $ref: '#/components/schemas/Message',
      })
      assert.deepEqual(Object.keys(doc.components.schemas), ['Message'])
    })
  }

  test('the document validates as OpenAPI 3.1', async () => {
    const doc = (await app.inject('/openapi.json')).json()
    const result = await validate(structuredClone(doc))
    assert.equal(result.valid, true, JSON.stringify(result))
  })

  for (const url of ['/docs', '/api/v1/docs']) {
    test(`${url} loads /api/v1/openapi.json and its OAuth2 redirect is under the root path`, async () => {
      const res = await app.inject(url)
      assert.equal(res.statusCode, 200)
      assert.match(String(res.headers['content-type']), /^text\/html/)
      assert.ok(res.body.includes('"/api/v1/openapi.json"'), 'spec URL')
      assert.ok(res.body.includes('"/api/v1/docs/oauth2-redirect"'), 'OAuth2 redirect URL')
      const assets = [...res.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] as string)
      assert.ok(assets.length >= 3, `assets referenced: ${assets.join(', ')}`)
      for (const asset of assets) {
        assert.ok(asset.startsWith('/api/v1/docs/'), `asset under the root path: ${asset}`)
        // The app answers with or without the prefix, as a stripping proxy would forward it.
        const stripped = await app.inject(asset.slice('/api/v1'.length))
        assert.equal(stripped.statusCode, 200, asset)
      }
    })
  }

  test('/redoc loads /api/v1/openapi.json', async () => {
    const res = await app.inject('/api/v1/redoc')
    assert.equal(res.statusCode, 200)
    assert.ok(res.body.includes('"/api/v1/openapi.json"'))
  })

  test('the route is named: urlFor gives the root-path-aware path', async () => {
    const probe = buildApp()
    probe.get('/probe', async (request) => ({ url: request.urlFor('read_main') }))
    assert.deepEqual((await probe.inject('/api/v1/probe')).json(), { url: '/api/v1/app' })
    await probe.close()
  })
})

describe('examples/behind-a-proxy under a runtime root path (portico run --root-path)', () => {
  test('the flag overrides the root path, and servers follow rootPathInServers: false', async () => {
    const app = buildApp({ rootPath: '/other' })
    const res = await app.inject('/other/app')
    assert.deepEqual(res.json(), { message: 'Hello World', root_path: '/other' })
    assert.deepEqual((await app.inject('/other/openapi.json')).json().servers, CONFIGURED_SERVERS)
    await app.close()
  })
})
