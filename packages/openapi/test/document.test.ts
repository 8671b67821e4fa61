import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import {
  getOpenApiDocument,
  type OpenApiDocument,
  openapi,
  PORTICO_ERR_OPENAPI_OPERATION_ID_DUPLICATE,
  PORTICO_ERR_OPENAPI_SECURITY_SCHEME_UNKNOWN,
} from '@portico/openapi'
import { compileErrors, validate } from '@readme/openapi-parser'
import { Type } from '@sinclair/typebox'
import Fastify, { type FastifyInstance } from 'fastify'
import { porticoRoute, seedApp } from './fixtures.js'

const ready = async (app: FastifyInstance) => {
  await app.ready()
}

async function assertValid(document: OpenApiDocument) {
  const result = await validate(structuredClone(document) as never)
  assert.ok(result.valid, result.valid ? '' : compileErrors(result))
}

describe('document of the seed example', () => {
  let app: FastifyInstance
  let document: OpenApiDocument
  before(async () => {
    app = await seedApp()
    document = await getOpenApiDocument(app)
  })
  after(() => app.close())

  test('is OpenAPI 3.1.0 and validates', async () => {
    assert.equal(document.openapi, '3.1.0')
    await assertValid(document)
  })

  test('info comes from the options', () => {
    assert.deepEqual(document.info, {
      title: 'Seed API',
      version: '1.2.3',
      description: 'The seed example',
      summary: 'Seed',
    })
  })

  test('paths are the app routes with {params}, hidden routes and docs routes left out', () => {
    assert.deepEqual(Object.keys(document.paths ?? {}).sort(), [
      '/app',
      '/items',
      '/items/{itemId}',
      '/plain/{id}/things',
    ])
    assert.deepEqual(Object.keys(document.paths?.['/items/{itemId}'] ?? {}).sort(), ['delete', 'get'])
    assert.equal(document.paths?.['/app']?.head, undefined)
  })

  test('operationIds: explicit, Controller_handler, or method + path', () => {
    const ids = Object.values(document.paths ?? {}).flatMap((item) =>
      Object.values(item ?? {}).map((operation) => (operation as { operationId: string }).operationId),
    )
    assert.deepEqual(ids.sort(), [
      'ItemsController_list',
      'ItemsController_read',
      'ItemsController_remove',
      'MainController_readMain',
      'createItem',
      'getPlainByIdThings',
    ])
  })

  test('summary, description, tags, deprecated', () => {
    const main = document.paths?.['/app']?.get
    assert.equal(main?.summary, 'Read main')
    assert.deepEqual(main?.tags, ['main'])
    const read = document.paths?.['/items/{itemId}']?.get
    assert.equal(read?.description, 'One item by id')
    assert.equal(document.paths?.['/items/{itemId}']?.delete?.deprecated, true)
    assert.deepEqual(document.tags, [{ name: 'items', description: 'Operations on items' }])
  })

  test('models with $id are components referenced with $ref; unused shared schemas are left out', () => {
    assert.deepEqual(Object.keys(document.components?.schemas ?? {}).sort(), [
      'HTTPError',
      'Item',
      'Message',
      'ValidationError',
    ])
    assert.equal((document.components!.schemas!.Item as { title?: string }).title, 'Item')
    const create = document.paths?.['/items']?.post
    assert.deepEqual(create?.requestBody, {
      required: true,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Item' } } },
    })
    assert.deepEqual(create?.responses?.['201'], {
      description: 'Created',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Item' } } },
    })
    assert.equal((create!.responses!['422'] as { description: string }).description, 'Unprocessable Entity')
    assert.deepEqual((create!.responses!['422'] as { content: unknown }).content, {
      'application/json': { schema: { $ref: '#/components/schemas/HTTPError' } },
    })
    const list = document.paths?.['/items']?.get
    // Declared without a description: FastAPI's wording, not @fastify/swagger's "Default Response".
    assert.deepEqual(list?.responses?.['200'], {
      description: 'Successful Response',
      content: {
        'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/Item' } } },
      },
    })
  })

  test('parameters (path, query, header) and responses by status with descriptions', () => {
    const read = document.paths?.['/items/{itemId}']?.get
    const parameters = (read?.parameters ?? []) as Array<{ in: string; name: string; required: boolean }>
    const byName = Object.fromEntries(parameters.map((p) => [`${p.in}:${p.name}`, p]))
    assert.deepEqual(Object.keys(byName).sort(), ['header:x-trace', 'path:itemId', 'query:fields'])
    assert.equal(byName['path:itemId']?.required, true)
    assert.equal((byName['path:itemId'] as { description?: string }).description, 'The item id')
    assert.equal(byName['query:fields']?.required, false)
    assert.equal(
      read?.responses?.['200'] && (read.responses['200'] as { description: string }).description,
      'The item',
    )
    assert.equal((read!.responses!['404'] as { description: string }).description, 'Not found')
  })

  test('security schemes declared once, required per route', () => {
    assert.deepEqual(Object.keys(document.components?.securitySchemes ?? {}).sort(), [
      'apiKey',
      'bearer',
      'oauth2',
    ])
    assert.deepEqual(document.paths?.['/items/{itemId}']?.get?.security, [{ apiKey: [] }])
    assert.deepEqual(document.paths?.['/items']?.post?.security, [{ bearer: [] }, { oauth2: ['read'] }])
    assert.equal(document.paths?.['/app']?.get?.security, undefined)
    assert.equal(document.security, undefined)
  })

  test('document() is frozen and stable', () => {
    assert.ok(Object.isFrozen(document))
    assert.ok(Object.isFrozen(document.paths?.['/app']))
    assert.throws(() => {
      ;(document.info as { title: string }).title = 'changed'
    })
    assert.equal(app.openapi.document(), document)
  })

  test('GET /openapi.json serves the same document', async () => {
    const response = await app.inject('/openapi.json')
    assert.equal(response.statusCode, 200)
    assert.equal(response.headers['content-type'], 'application/json; charset=utf-8')
    assert.deepEqual(response.json(), JSON.parse(JSON.stringify(document)))
  })
})

describe('document options', () => {
  test('global security, servers, externalDocs, info defaults', async () => {
    const app = Fastify()
    await app.register(openapi, {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      security: [{ bearer: [] }],
      servers: [{ url: 'https://api.example.com', description: 'Production' }],
      externalDocs: { url: 'https://example.com/docs' },
    })
    app.get('/open', { schema: { security: [] } }, async () => 'x')
    app.get('/closed', async () => 'x')
    const document = await getOpenApiDocument(app)
    await assertValid(document)
    assert.deepEqual(document.info, { title: 'Portico', version: '0.1.0' })
    assert.deepEqual(document.security, [{ bearer: [] }])
    assert.deepEqual(document.paths?.['/open']?.get?.security, [])
    assert.deepEqual(document.servers, [{ url: 'https://api.example.com', description: 'Production' }])
    assert.deepEqual(Object.keys(document).slice(0, 3), ['openapi', 'info', 'servers'])
    assert.deepEqual(document.externalDocs, { url: 'https://example.com/docs' })
    const served = await app.inject('/openapi.json')
    assert.deepEqual(served.json().servers, [{ url: 'https://api.example.com', description: 'Production' }])
    await app.close()
  })

  test('a route with several methods gets one derived operationId per method', async () => {
    const app = Fastify()
    await app.register(openapi)
    app.route({
      method: ['GET', 'POST'],
      url: '/both',
      ...porticoRoute('C', 'both'),
      handler: async () => 'x',
    })
    app.route({ method: ['PUT', 'PATCH'], url: '/plain', handler: async () => 'x' })
    const document = await getOpenApiDocument(app)
    assert.equal(document.paths?.['/both']?.get?.operationId, 'C_both_get')
    assert.equal(document.paths?.['/both']?.post?.operationId, 'C_both_post')
    assert.equal(document.paths?.['/plain']?.put?.operationId, 'putPlain')
    assert.equal(document.paths?.['/plain']?.patch?.operationId, 'patchPlain')
    await assertValid(document)
    await app.close()
  })

  test('the root route and a prefixed "/" route', async () => {
    const app = Fastify()
    await app.register(openapi)
    app.get('/', async () => 'root')
    const document = await getOpenApiDocument(app)
    assert.deepEqual(Object.keys(document.paths ?? {}), ['/'])
    assert.equal(document.paths?.['/']?.get?.operationId, 'getRoot')
    await app.close()
  })

  test('a route schema with an explicit schema.hide or the X-HIDDEN tag is left out', async () => {
    const app = Fastify()
    await app.register(openapi)
    app.get('/a', { schema: { hide: true } }, async () => 'x')
    app.get('/b', { schema: { tags: ['X-HIDDEN'] } }, async () => 'x')
    app.get('/c', async () => 'x')
    const document = await getOpenApiDocument(app)
    assert.deepEqual(Object.keys(document.paths ?? {}), ['/c'])
    await app.close()
  })
})

describe('duplicate operationIds', () => {
  test('two explicit equal ids fail at startup naming both handlers', async () => {
    const app = Fastify()
    await app.register(openapi)
    app.get('/a', porticoRoute('AController', 'read', { operationId: 'read' }), async () => 'a')
    app.get('/b', porticoRoute('BController', 'fetch', { operationId: 'read' }), async () => 'b')
    await assert.rejects(ready(app), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'PORTICO_ERR_OPENAPI_OPERATION_ID_DUPLICATE')
      assert.ok(error instanceof PORTICO_ERR_OPENAPI_OPERATION_ID_DUPLICATE)
      assert.match(error.message, /"read"/)
      assert.match(error.message, /AController\.read \(GET \/a\)/)
      assert.match(error.message, /BController\.fetch \(GET \/b\)/)
      return true
    })
  })

  test('an explicit id equal to a derived one fails too', async () => {
    const app = Fastify()
    await app.register(openapi)
    app.get('/a', porticoRoute('Main', 'read'), async () => 'a')
    app.get('/b', { schema: { operationId: 'Main_read' } }, async () => 'b')
    await assert.rejects(
      ready(app),
      /Duplicate operationId "Main_read": used by Main\.read \(GET \/a\) and by GET \/b/,
    )
  })

  test('equal ids in two separate documents (sub-application) are fine', async () => {
    const app = Fastify()
    await app.register(openapi)
    app.get('/a', porticoRoute('Main', 'read'), async () => 'a')
    app.register(
      async (sub) => {
        await sub.register(openapi)
        sub.get('/a', porticoRoute('Main', 'read'), async () => 'a')
      },
      { prefix: '/sub' },
    )
    await app.ready()
    assert.equal(app.openapi.document().paths?.['/a']?.get?.operationId, 'Main_read')
    await app.close()
  })
})

describe('route checks at startup (the document itself is generated on first use)', () => {
  test('a route requiring an undeclared security scheme fails ready, naming the route and the scheme', async () => {
    const app = Fastify()
    await app.register(openapi, { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } })
    app.get('/a', porticoRoute('Secure', 'read', { security: [{ bearer: [] }] }), async () => 'a')
    app.get(
      '/b',
      porticoRoute('Secure', 'write', { security: [{ bearer: [], apiKey: [] }] }),
      async () => 'b',
    )
    await assert.rejects(ready(app), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'PORTICO_ERR_OPENAPI_SECURITY_SCHEME_UNKNOWN')
      assert.ok(error instanceof PORTICO_ERR_OPENAPI_SECURITY_SCHEME_UNKNOWN)
      assert.match(error.message, /Secure\.write \(GET \/b\) requires security scheme "apiKey"/)
      assert.match(error.message, /declared: bearer/)
      return true
    })
  })

  test('without any securitySchemes the message says none are declared', async () => {
    const app = Fastify()
    await app.register(openapi)
    app.get('/a', { schema: { security: [{ oauth2: ['read'] }] } }, async () => 'a')
    await assert.rejects(ready(app), /GET \/a requires security scheme "oauth2".*declared: none/)
  })

  test('hidden routes are not checked: they are not in the document', async () => {
    const app = Fastify()
    await app.register(openapi)
    app.get('/a', { schema: { hide: true, operationId: 'x', security: [{ nope: [] }] } }, async () => 'a')
    app.get('/b', { schema: { tags: ['X-HIDDEN'], operationId: 'x' } }, async () => 'b')
    app.get('/c', { schema: { operationId: 'x' } }, async () => 'c')
    const document = await getOpenApiDocument(app)
    assert.deepEqual(Object.keys(document.paths ?? {}), ['/c'])
    assert.equal(document.paths?.['/c']?.get?.operationId, 'x')
    await app.close()
  })

  test('an exposed HEAD route is documented with its own operationId; derived HEAD routes are not', async () => {
    const app = Fastify()
    await app.register(openapi)
    app.get('/a', porticoRoute('Main', 'read'), async () => 'a')
    app.head('/h', { config: { swagger: { exposeHeadRoute: true } } }, async () => '')
    const document = await getOpenApiDocument(app)
    assert.equal(document.paths?.['/a']?.get?.operationId, 'Main_read')
    assert.equal(document.paths?.['/a']?.head, undefined)
    assert.equal(document.paths?.['/h']?.head?.operationId, 'headH')
    await app.close()
  })

  test('a generation that fails answers 500 each time without generating again', async () => {
    const app = Fastify()
    await app.register(openapi)
    let generations = 0
    const counted = {
      config: {
        swaggerTransform: ({ schema, url }: { schema: object; url: string }) => {
          generations++
          return { schema, url }
        },
      },
    }
    app.get('/a', counted as never, async () => 'a')
    // @fastify/swagger throws while generating: links for a response the route does not declare.
    app.get('/b', { links: { 201: { operationId: 'x' } } } as never, async () => 'b')
    await app.ready()
    for (let i = 0; i < 3; i++) {
      const response = await app.inject('/openapi.json')
      assert.equal(response.statusCode, 500)
      assert.match(response.json().message, /missing status code 201/)
    }
    assert.equal(generations, 1)
    assert.throws(() => app.openapi.document(), /missing status code 201/)
    assert.equal(generations, 1)
    await app.close()
  })

  test('the document and the pages serve after ready; the first request generates the document', async () => {
    const app = Fastify()
    await app.register(openapi)
    app.get('/a', porticoRoute('Main', 'read'), async () => 'a')
    await app.ready()
    const first = await app.inject('/openapi.json')
    assert.equal(first.statusCode, 200)
    assert.equal(first.json().paths['/a'].get.operationId, 'Main_read')
    const second = await app.inject('/openapi.json')
    assert.equal(second.body, first.body)
    assert.deepEqual(app.openapi.document(), first.json())
    await app.close()
  })
})

describe('options are validated at startup', () => {
  const cases: Array<[string, Record<string, unknown>, RegExp]> = [
    ['openapiUrl', { openapiUrl: 'openapi.json' }, /"openapiUrl"/],
    ['docsUrl', { docsUrl: '//evil.example/docs' }, /"docsUrl"/],
    ['redocUrl', { redocUrl: '/redoc?x=1' }, /"redocUrl"/],
    ['oauth2RedirectUrl', { oauth2RedirectUrl: 42 }, /"oauth2RedirectUrl"/],
    ['same urls', { docsUrl: '/x', redocUrl: '/x' }, /must all be different/],
    ['serveHook', { serveHook: 'nope' }, /"serveHook"/],
    ['swaggerUiParameters', { swaggerUiParameters: { url: '/other.json' } }, /"swaggerUiParameters\.url"/],
    ['servers', { servers: [{ description: 'no url' }] }, /"servers\[0\]\.url"/],
    ['info', { info: { title: 3 } }, /"info\.title"/],
  ]
  for (const [name, options, message] of cases) {
    test(name, async () => {
      const app = Fastify()
      await assert.rejects(
        (async () => {
          await app.register(openapi, options as never)
        })(),
        (error: Error & { code?: string }) => {
          assert.equal(error.code, 'PORTICO_ERR_OPENAPI_OPTION_INVALID')
          assert.match(error.message, message)
          return true
        },
      )
    })
  }

  test('registering twice in one context fails', async () => {
    const app = Fastify()
    await app.register(openapi)
    await assert.rejects(
      (async () => {
        await app.register(openapi, { openapiUrl: '/other.json' })
      })(),
      (error: Error & { code?: string }) => {
        assert.equal(error.code, 'PORTICO_ERR_OPENAPI_PLUGIN_DUPLICATE')
        assert.match(error.message, /already registered/)
        return true
      },
    )
  })

  test('document() before ready throws a coded error', async () => {
    const app = Fastify()
    await app.register(openapi)
    assert.throws(() => app.openapi.document(), { code: 'PORTICO_ERR_OPENAPI_DOCUMENT_NOT_READY' })
    await app.close()
  })

  test('getOpenApiDocument without the plugin throws a coded error', async () => {
    const app = Fastify()
    app.get('/x', async () => 'x')
    await assert.rejects(getOpenApiDocument(app), { code: 'PORTICO_ERR_OPENAPI_DOCUMENT_NOT_FOUND' })
    await app.close()
  })
})

test('TypeBox recursive shared models are emitted and referenced', async () => {
  const app = Fastify()
  await app.register(openapi)
  const Node = Type.Recursive((This) => Type.Object({ name: Type.String(), children: Type.Array(This) }), {
    $id: 'Node',
  })
  // Fastify compiles a recursive schema only as a shared schema (addSchema), referenced by $ref.
  app.addSchema(Node)
  app.post(
    '/tree',
    { schema: { body: Type.Ref(Node), response: { 200: Type.Ref(Node) } } },
    async (request) => request.body,
  )
  const document = await getOpenApiDocument(app)
  await assertValid(document)
  assert.ok(document.components?.schemas?.Node, JSON.stringify(document.components))
  assert.deepEqual(document.paths?.['/tree']?.post?.requestBody, {
    required: true,
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Node' } } },
  })
  await app.close()
})

test('a model $id that is a URI becomes a valid component name', async () => {
  const app = Fastify()
  await app.register(openapi)
  const Order = Type.Object({ id: Type.String() }, { $id: 'urn:shop:Order' })
  app.post('/orders', { schema: { body: Order, response: { 200: Type.Array(Order) } } }, async () => [])
  const document = await getOpenApiDocument(app)
  await assertValid(document)
  assert.deepEqual(Object.keys(document.components?.schemas ?? {}), ['urn_shop_Order', 'ValidationError'])
  assert.deepEqual(document.paths?.['/orders']?.post?.requestBody, {
    required: true,
    content: { 'application/json': { schema: { $ref: '#/components/schemas/urn_shop_Order' } } },
  })
  await app.close()
})

test('generateOperationId replaces the derived ids, not the explicit ones', async () => {
  const app = Fastify()
  await app.register(openapi, {
    generateOperationId: ({ controller, handler, method, url }) =>
      controller ? `${handler}` : `${method}${url}`.replace(/[^A-Za-z0-9]/g, '_'),
  })
  app.get('/a', porticoRoute('Main', 'readA'), async () => 'a')
  app.get('/b/:id', async () => 'b')
  app.get('/c', { schema: { operationId: 'explicitC' } }, async () => 'c')
  const document = await getOpenApiDocument(app)
  assert.equal(document.paths?.['/a']?.get?.operationId, 'readA')
  assert.equal(document.paths?.['/b/{id}']?.get?.operationId, 'GET_b__id')
  assert.equal(document.paths?.['/c']?.get?.operationId, 'explicitC')
  await app.close()
})

test('pages work with or without a trailing slash when the router ignores it', async () => {
  const app = Fastify({ routerOptions: { ignoreTrailingSlash: true } })
  await app.register(openapi)
  app.get('/x', async () => 'x')
  for (const url of ['/docs', '/docs/', '/redoc/']) {
    const response = await app.inject(url)
    assert.equal(response.statusCode, 200, url)
    assert.match(response.body, /"\/openapi\.json"/, url)
  }
  const document = await getOpenApiDocument(app)
  assert.deepEqual(Object.keys(document.paths ?? {}), ['/x'])
  await app.close()
})

test('a route without response schemas documents its `status` (FastAPI), not "200 Default Response"', async (t) => {
  const app = Fastify()
  t.after(() => app.close())
  await app.register(openapi, { info: { title: 'Status', version: '1' } })
  const route = (controller: string, handler: string, status?: number) => {
    const options = porticoRoute(controller, handler)
    if (status !== undefined) (options.config.portico as Record<string, unknown>).status = status
    return options
  }
  app.delete('/items/:id', route('Items', 'remove', 204), async (_request, reply) => reply.code(204).send())
  app.post('/items', route('Items', 'create', 201), async (_request, reply) => reply.code(201).send({}))
  app.get('/items', route('Items', 'list'), async () => [])
  app.get('/plain', async () => 'not a Portico route')
  await app.ready()
  const { paths } = await getOpenApiDocument(app)
  assert.deepEqual(paths?.['/items/{id}']?.delete?.responses, { 204: { description: 'Successful Response' } })
  const json = { 'application/json': { schema: {} } }
  assert.deepEqual(paths?.['/items']?.post?.responses, {
    201: { description: 'Successful Response', content: json },
  })
  assert.deepEqual(paths?.['/items']?.get?.responses, {
    200: { description: 'Successful Response', content: json },
  })
  // A plain Fastify route (no config.portico) is left as @fastify/swagger documents it.
  assert.deepEqual(paths?.['/plain']?.get?.responses, { 200: { description: 'Default Response' } })
})
