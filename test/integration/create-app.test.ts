// createApp() wires @portico/root-path and @portico/openapi around the controllers: the options a
// FastAPI user passes to FastAPI(...), validated at the call, and their effects through HTTP.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { Type } from '@sinclair/typebox'
import type { FastifyRequest } from 'fastify'
import { Body, Controller, createApp, createSubApp, Get, Param, Post, Req } from 'portico'

const Item = Type.Object({ id: Type.Integer(), name: Type.String() }, { $id: 'Item' })
const NewItem = Type.Object({ name: Type.String({ minLength: 1 }) }, { $id: 'NewItem' })
const RootPath = Type.Object({ root_path: Type.String(), url: Type.String() })
const bearer = { securitySchemes: { bearer: { type: 'http' as const, scheme: 'bearer' } } }

@Controller('/items', { tags: ['items'] })
class ItemsController {
  @Get('/:id', {
    params: Type.Object({ id: Type.Integer() }),
    response: { 200: Item },
    name: 'get_item',
  })
  get(@Param('id') id: number) {
    return { id, name: `item ${id}`, secret: 'not in the schema' }
  }

  @Post('/:id', {
    params: Type.Object({ id: Type.Integer() }),
    body: NewItem,
    response: { 201: Item },
    status: 201,
    security: [{ bearer: [] }],
  })
  create(@Param('id') id: number, @Body() body: { name: string }) {
    return { id, name: body.name }
  }

  @Get('/where', { response: { 200: RootPath } })
  where(@Req() request: FastifyRequest) {
    return { root_path: request.rootPath, url: request.urlFor('get_item', { id: 7 }) }
  }
}

describe('createApp options are validated at the call, naming the option', () => {
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['unknown option', { rootpath: '/api' }, /rootpath/],
    ['relative root path', { rootPath: 'api' }, /rootPath/],
    ['protocol-relative root path', { rootPath: '//evil.example' }, /rootPath/],
    ['dot segment', { rootPath: '/api/../admin' }, /rootPath/],
    ['servers not an array', { servers: { url: '/x' } }, /servers/],
    ['server without url', { servers: [{ description: 'x' }] }, /servers\[0\]\.url/],
    ['rootPathInServers not a boolean', { rootPathInServers: 'no' }, /rootPathInServers/],
    ['own rewriteUrl', { fastify: { rewriteUrl: () => '/' } }, /rewriteUrl/],
  ]
  for (const [name, options, message] of cases) {
    test(name, () => {
      assert.throws(() => createApp(options as never), message)
    })
  }

  test('a route requiring an undeclared security scheme fails at startup, naming both', async () => {
    const app = createApp({ controllers: [ItemsController] })
    await assert.rejects(
      async () => app.ready(),
      /ItemsController\.create.*"bearer"|"bearer".*ItemsController\.create/,
    )
  })

  test('forwardedPrefix without a trusted proxy fails at startup', async () => {
    const app = createApp({ forwardedPrefix: true })
    await assert.rejects(async () => app.ready(), /trustProxy/)
  })
})

describe('controllers behind a root path', () => {
  test('routes answer with and without the prefix; responses are serialized by their schema', async () => {
    const app = createApp({ controllers: [ItemsController], rootPath: '/api/', openapi: bearer })
    for (const url of ['/items/3', '/api/items/3']) {
      const res = await app.inject(url)
      assert.equal(res.statusCode, 200)
      assert.deepEqual(res.json(), { id: 3, name: 'item 3' })
    }
    assert.deepEqual((await app.inject('/api/items/where')).json(), {
      root_path: '/api',
      url: '/api/items/7',
    })
    await app.close()
  })

  test('invalid requests get 400 JSON errors, under the prefix too', async () => {
    const app = createApp({ controllers: [ItemsController], rootPath: '/api', openapi: bearer })
    const res = await app.inject({ method: 'POST', url: '/api/items/x', payload: { name: '' } })
    assert.equal(res.statusCode, 400)
    assert.equal(res.json().statusCode, 400)
    assert.equal(res.json().code, 'FST_ERR_VALIDATION')
    const created = await app.inject({ method: 'POST', url: '/api/items/5', payload: { name: 'five' } })
    assert.equal(created.statusCode, 201)
    assert.deepEqual(created.json(), { id: 5, name: 'five' })
    await app.close()
  })

  test('the document: tags, $ref models, security, servers from the root path', async () => {
    const app = createApp({
      controllers: [ItemsController],
      rootPath: '/api',
      servers: [{ url: 'https://prod.example.com' }],
      openapi: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    })
    const doc = (await app.inject('/api/openapi.json')).json()
    assert.deepEqual(doc.servers, [{ url: '/api' }, { url: 'https://prod.example.com' }])
    const get = doc.paths['/items/{id}'].get
    assert.deepEqual(get.tags, ['items'])
    assert.deepEqual(get.responses['200'].content['application/json'].schema, {
      $ref: '#/components/schemas/Item',
    })
    const post = doc.paths['/items/{id}'].post
    assert.deepEqual(post.security, [{ bearer: [] }])
    assert.deepEqual(post.requestBody.content['application/json'].schema, {
      $ref: '#/components/schemas/NewItem',
    })
    assert.ok(post.responses['201'])
    assert.deepEqual(doc.components.securitySchemes, { bearer: { type: 'http', scheme: 'bearer' } })
    await app.close()
  })

  test('openapi: false turns the document and the pages off', async () => {
    const app = createApp({ controllers: [ItemsController], openapi: false })
    for (const url of ['/openapi.json', '/docs', '/redoc'])
      assert.equal((await app.inject(url)).statusCode, 404)
    await app.close()
  })
})

describe('forwarded prefix through createApp', () => {
  const build = () =>
    createApp({
      controllers: [ItemsController],
      trustProxy: '127.0.0.1',
      forwardedPrefix: true,
      openapi: bearer,
    })

  test('a trusted proxy sets the root path per request; the document and pages follow', async () => {
    const app = build()
    for (const prefix of ['/a', '/b']) {
      const headers = { 'x-forwarded-prefix': prefix }
      const where = await app.inject({ url: '/items/where', headers, remoteAddress: '127.0.0.1' })
      assert.deepEqual(where.json(), { root_path: prefix, url: `${prefix}/items/7` })
      const doc = await app.inject({ url: '/openapi.json', headers, remoteAddress: '127.0.0.1' })
      assert.deepEqual(doc.json().servers, [{ url: prefix }])
      assert.match(String(doc.headers.vary), /X-Forwarded-Prefix/i)
      const docs = await app.inject({ url: '/docs', headers, remoteAddress: '127.0.0.1' })
      assert.ok(docs.body.includes(`"${prefix}/openapi.json"`))
    }
    await app.close()
  })

  test('an untrusted peer cannot set it, and invalid values are never echoed', async () => {
    const app = build()
    const untrusted = await app.inject({
      url: '/openapi.json',
      headers: { 'x-forwarded-prefix': '/evil' },
      remoteAddress: '203.0.113.9',
    })
    assert.equal(untrusted.json().servers, undefined)
    for (const hostile of ['/"><script>alert(1)</script>', '//evil.example', '/a/../b', '/%2e%2e/x']) {
      const docs = await app.inject({
        url: '/docs',
        headers: { 'x-forwarded-prefix': hostile },
        remoteAddress: '127.0.0.1',
      })
      assert.equal(docs.statusCode, 200)
      assert.ok(!docs.body.includes('<script>alert(1)'))
      assert.ok(!docs.body.includes('evil.example'))
      assert.ok(docs.body.includes('"/openapi.json"'), 'falls back to no prefix')
    }
    await app.close()
  })
})

describe('nested sub-applications compose', () => {
  @Controller()
  class LeafController {
    @Get('/leaf', { response: { 200: RootPath } })
    leaf(@Req() request: FastifyRequest) {
      return { root_path: request.rootPath, url: request.url }
    }
  }

  test('a mount inside a mount: root path, document and docs', async () => {
    const app = createApp({ rootPath: '/api' })
    app.register(
      async (outer) => {
        await outer.register(createSubApp({ controllers: [LeafController] }), { prefix: '/inner' })
      },
      { prefix: '/outer' },
    )
    // /outer is a plain encapsulated plugin; /inner is the sub-application.
    const res = await app.inject('/api/outer/inner/leaf')
    assert.equal(res.json().root_path, '/api/outer/inner')
    const doc = (await app.inject('/api/outer/inner/openapi.json')).json()
    assert.deepEqual(Object.keys(doc.paths), ['/leaf'])
    assert.deepEqual(doc.servers, [{ url: '/api/outer/inner' }])
    const parent = (await app.inject('/api/openapi.json')).json()
    assert.equal(parent.paths?.['/outer/inner/leaf'], undefined)
    await app.close()
  })
})
