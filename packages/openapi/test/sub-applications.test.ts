import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { getOpenApiDocument, type OpenApiInstance, openapi } from '@portico/openapi'
import { compileErrors, validate } from '@readme/openapi-parser'
import { Type } from '@sinclair/typebox'
import Fastify, { type FastifyInstance } from 'fastify'

const Sub = Type.Object({ sub: Type.Boolean() }, { $id: 'SubModel' })

describe('mounted sub-applications have their own documents', () => {
  let app: FastifyInstance
  const seen: Record<string, OpenApiInstance> = {}
  before(async () => {
    app = Fastify()
    await app.register(openapi, { info: { title: 'Root', version: '1' } })
    app.get('/app', async () => 'root')
    // A child context without its own openapi plugin belongs to the root document.
    app.register(async (plain) => plain.get('/things', async () => 'x'), { prefix: '/plain' })
    app.register(
      async (sub) => {
        await sub.register(openapi, { info: { title: 'Sub', version: '2' } })
        seen.sub = sub.openapi
        sub.get('/sub', { schema: { response: { 200: Sub } } }, async () => ({ sub: true }))
        sub.get('/', async () => 'sub root')
        sub.register(async (nested) => nested.get('/deep', async () => 'x'), { prefix: '/nested' })
        sub.register(
          async (inner) => {
            await inner.register(openapi, { info: { title: 'Inner', version: '3' }, redocUrl: null })
            seen.inner = inner.openapi
            inner.get('/leaf/:id', async () => 'leaf')
          },
          { prefix: '/inner' },
        )
      },
      { prefix: '/subapi' },
    )
    await app.ready()
  })
  after(() => app.close())

  test('the root document lists neither sub-application', async () => {
    const document = await getOpenApiDocument(app)
    assert.equal(document.info.title, 'Root')
    assert.deepEqual(Object.keys(document.paths ?? {}).sort(), ['/app', '/plain/things'])
    assert.equal(document.components, undefined, 'no schema of the sub-application')
    assert.deepEqual((await app.inject('/openapi.json')).json(), JSON.parse(JSON.stringify(document)))
  })

  test('the sub-application document has paths relative to its prefix, without the inner one', async () => {
    const response = await app.inject('/subapi/openapi.json')
    assert.equal(response.statusCode, 200)
    const document = response.json()
    assert.equal(document.info.title, 'Sub')
    assert.deepEqual(Object.keys(document.paths).sort(), ['/', '/nested/deep', '/sub'])
    assert.deepEqual(document.paths['/sub'].get.responses['200'].content['application/json'].schema, {
      $ref: '#/components/schemas/SubModel',
    })
    assert.deepEqual(Object.keys(document.components.schemas), ['SubModel'])
    const result = await validate(structuredClone(document))
    assert.ok(result.valid, result.valid ? '' : compileErrors(result))
    assert.deepEqual(await getOpenApiDocument(app, { prefix: '/subapi' }), document)
  })

  test('nested mounts compose: the inner document is relative to /subapi/inner', async () => {
    const document = (await app.inject('/subapi/inner/openapi.json')).json()
    assert.equal(document.info.title, 'Inner')
    assert.deepEqual(Object.keys(document.paths), ['/leaf/{id}'])
    assert.equal(document.paths['/leaf/{id}'].get.operationId, 'getLeafById')
    const result = await validate(structuredClone(document))
    assert.ok(result.valid, result.valid ? '' : compileErrors(result))
  })

  test('each docs page loads its own document and assets', async () => {
    for (const [prefix, hasRedoc] of [
      ['', true],
      ['/subapi', true],
      ['/subapi/inner', false],
    ] as const) {
      const docs = await app.inject(`${prefix}/docs`)
      assert.equal(docs.statusCode, 200, `${prefix}/docs`)
      assert.match(docs.body, new RegExp(`"url":"${prefix}/openapi\\.json"`))
      assert.match(docs.body, new RegExp(`"oauth2RedirectUrl":"${prefix}/docs/oauth2-redirect"`))
      const bundle = /src="([^"]+swagger-ui-bundle\.js)"/.exec(docs.body)![1]!
      assert.ok(bundle.startsWith(`${prefix}/docs/assets/`), bundle)
      assert.equal((await app.inject(bundle)).statusCode, 200)
      assert.equal((await app.inject(`${prefix}/redoc`)).statusCode, hasRedoc ? 200 : 404)
    }
  })

  test('fastify.openapi is the one of the nearest registration', () => {
    assert.equal(app.openapi.prefix, '')
    assert.equal(seen.sub?.prefix, '/subapi')
    assert.equal(seen.inner?.prefix, '/subapi/inner')
    assert.notEqual(seen.sub, app.openapi)
    assert.equal(seen.sub?.document().info.title, 'Sub')
  })

  test('the default basePath of a sub-application is its prefix, and hooks are per document', async () => {
    const root = Fastify()
    await root.register(openapi, { serveHook: () => ({ servers: [{ url: '/root' }] }) })
    root.register(
      async (sub) => {
        await sub.register(openapi)
        sub.openapi.addServeHook((request) => ({
          servers: [{ url: `${request.headers['x-root'] ?? ''}/mounted` }],
        }))
        sub.get('/x', async () => 'x')
      },
      { prefix: '/mounted' },
    )
    await root.ready()
    assert.deepEqual((await root.inject('/openapi.json')).json().servers, [{ url: '/root' }])
    const sub = await root.inject({ url: '/mounted/openapi.json', headers: { 'x-root': '/api' } })
    assert.deepEqual(sub.json().servers, [{ url: '/api/mounted' }])
    assert.match(
      (await root.inject('/mounted/redoc')).body,
      /<script type="application\/json" id="portico-redoc-config">\{"url":"\/mounted\/openapi\.json"/,
    )
    await root.close()
  })
})
