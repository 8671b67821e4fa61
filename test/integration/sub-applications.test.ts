// examples/sub-applications through inject: FastAPI's mounts, plus what FastAPI gets wrong (a mount
// under an app-level root path answers whether or not the proxy strips the prefix).
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import buildApp from '@portico/example-sub-applications'
import { validate } from '@readme/openapi-parser'
import type { FastifyInstance } from 'fastify'

describe('examples/sub-applications', () => {
  let app: FastifyInstance
  before(async () => {
    app = buildApp()
    await app.ready()
  })
  after(() => app.close())

  for (const prefix of ['', '/api/v1']) {
    test(`GET ${prefix}/app and ${prefix}/subapi/sub reach their handlers with their root paths`, async () => {
      assert.deepEqual((await app.inject(`${prefix}/app`)).json(), {
        message: 'Hello World from main app',
        root_path: '/api/v1',
      })
      assert.deepEqual((await app.inject(`${prefix}/subapi/sub`)).json(), {
        message: 'Hello World from sub API',
        root_path: '/api/v1/subapi',
      })
    })
  }

  test('the main document lists /app only and its first server is the root path', async () => {
    const doc = (await app.inject('/api/v1/openapi.json')).json()
    assert.deepEqual(Object.keys(doc.paths), ['/app'])
    assert.deepEqual(doc.servers, [{ url: '/api/v1' }])
    assert.equal(doc.info.title, 'Main app')
    assert.equal((await validate(structuredClone(doc))).valid, true)
  })

  for (const url of ['/subapi/openapi.json', '/api/v1/subapi/openapi.json']) {
    test(`${url}: paths relative to the mount, servers start with /api/v1/subapi`, async () => {
      const res = await app.inject(url)
      assert.equal(res.statusCode, 200)
      const doc = res.json()
      assert.deepEqual(Object.keys(doc.paths), ['/sub'])
      assert.deepEqual(doc.servers, [{ url: '/api/v1/subapi' }])
      assert.equal(doc.info.title, 'Sub API')
      assert.equal((await validate(structuredClone(doc))).valid, true)
    })
  }

  test('each app has its own docs, loading its own document', async () => {
    const main = await app.inject('/api/v1/docs')
    assert.ok(main.body.includes('"/api/v1/openapi.json"'))
    const sub = await app.inject('/api/v1/subapi/docs')
    assert.equal(sub.statusCode, 200)
    assert.ok(sub.body.includes('"/api/v1/subapi/openapi.json"'))
    assert.ok(sub.body.includes('"/api/v1/subapi/docs/oauth2-redirect"'))
    assert.ok(!sub.body.includes('"/api/v1/openapi.json"'))
  })
})
