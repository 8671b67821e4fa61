import assert from 'node:assert/strict'
import { test } from 'node:test'
import { getOpenApiDocument, type OpenApiDocument, openapi } from '@portico/openapi'
import { compileErrors, validate } from '@readme/openapi-parser'
import { Type } from '@sinclair/typebox'
import Fastify, { type FastifyInstance } from 'fastify'
import { porticoRoute } from './fixtures.js'

async function documentOf(
  t: { after: (fn: () => unknown) => void },
  routes: (app: FastifyInstance) => void,
): Promise<OpenApiDocument> {
  const app = Fastify()
  t.after(() => app.close())
  await app.register(openapi)
  routes(app)
  const document = await getOpenApiDocument(app)
  const result = await validate(structuredClone(document) as never)
  assert.ok(result.valid, result.valid ? '' : compileErrors(result))
  return document
}

type Operation = {
  parameters?: { name: string; in: string; required?: boolean }[]
  requestBody?: { content: Record<string, { schema: Record<string, unknown> }> }
  responses: Record<string, unknown>
  [key: string]: unknown
}
const op = (document: OpenApiDocument, path: string, method: string) =>
  (document.paths as Record<string, Record<string, Operation>>)[path]![method]!

test('a query or header parameter with a default is not required; a path parameter always is', async (t) => {
  const document = await documentOf(t, (app) => {
    app.get(
      '/items/:id',
      {
        schema: {
          params: Type.Object({ id: Type.String() }),
          querystring: Type.Object({ q: Type.String(), limit: Type.Integer({ default: 20 }) }),
          headers: Type.Object({ 'x-page': Type.Integer({ default: 1 }) }),
        },
      },
      async (request) => request.query,
    )
  })
  const required = Object.fromEntries(
    op(document, '/items/{id}', 'get').parameters!.map((p) => [p.name, p.required]),
  )
  assert.deepEqual(required, { q: true, limit: false, id: true, 'x-page': false })
})

test('the handler still gets the default: Fastify fills it (useDefaults)', async (t) => {
  const app = Fastify()
  t.after(() => app.close())
  app.get(
    '/',
    { schema: { querystring: Type.Object({ limit: Type.Integer({ default: 20 }) }) } },
    async (request) => request.query,
  )
  assert.deepEqual((await app.inject('/')).json(), { limit: 20 })
})

test('body properties with a default are not required, inline and in nested objects', async (t) => {
  const document = await documentOf(t, (app) => {
    app.post(
      '/items',
      {
        schema: {
          body: Type.Object({
            name: Type.String(),
            tags: Type.Array(Type.String(), { default: [] }),
            meta: Type.Object({ color: Type.String({ default: 'red' }), size: Type.Integer() }),
          }),
        },
      },
      async () => 'ok',
    )
  })
  const schema = op(document, '/items', 'post').requestBody!.content['application/json']!.schema as {
    required: string[]
    properties: { meta: { required: string[] } }
  }
  assert.deepEqual(schema.required, ['name', 'meta'])
  assert.deepEqual(schema.properties.meta.required, ['size'])
})

test('a model with defaults used in requests and responses gets an -Input component for requests', async (t) => {
  const Item = Type.Object(
    { name: Type.String(), tags: Type.Array(Type.String(), { default: [] }) },
    { $id: 'Item' },
  )
  const Draft = Type.Object({ title: Type.String(), count: Type.Integer({ default: 0 }) }, { $id: 'Draft' })
  const document = await documentOf(t, (app) => {
    app.post('/items', { schema: { body: Item, response: { 200: Item } } }, async (r) => r.body)
    app.post('/drafts', { schema: { body: Type.Object({ draft: Draft }) } }, async () => 'ok')
  })
  const schemas = document.components!.schemas as Record<string, { required?: string[] }>
  assert.deepEqual(schemas.Item!.required, ['name', 'tags'])
  assert.deepEqual(schemas['Item-Input']!.required, ['name'])
  assert.deepEqual(op(document, '/items', 'post').requestBody!.content['application/json']!.schema, {
    $ref: '#/components/schemas/Item-Input',
  })
  // Used by requests only: relaxed in place, no copy.
  assert.deepEqual(schemas.Draft!.required, ['title'])
  assert.equal(schemas['Draft-Input'], undefined)
})

test('every operation with inputs documents the 400 validation error, unless it declares its own', async (t) => {
  const Problem = Type.Object({ detail: Type.String() })
  const document = await documentOf(t, (app) => {
    app.get('/plain', async () => 'ok')
    app.get('/q', { schema: { querystring: Type.Object({ q: Type.String() }) } }, async () => 'ok')
    app.post('/b', { schema: { body: Type.Object({ a: Type.String() }) } }, async () => 'ok')
    app.get('/p/:id', { schema: { params: Type.Object({ id: Type.String() }) } }, async () => 'ok')
    app.get('/h', { schema: { headers: Type.Object({ 'x-a': Type.String() }) } }, async () => 'ok')
    app.post('/own', { schema: { body: Type.Object({}), response: { 400: Problem } } }, async () => 'ok')
    app.post('/attached', { attachValidation: true, schema: { body: Type.Object({}) } }, async () => 'ok')
  })
  const expected = {
    description: 'Validation Error',
    content: { 'application/json': { schema: { $ref: '#/components/schemas/ValidationError' } } },
  }
  for (const [path, method] of [
    ['/q', 'get'],
    ['/b', 'post'],
    ['/p/{id}', 'get'],
    ['/h', 'get'],
  ] as const) {
    assert.deepEqual(op(document, path, method).responses['400'], expected, `${method} ${path}`)
  }
  assert.equal(op(document, '/plain', 'get').responses['400'], undefined)
  assert.equal(op(document, '/attached', 'post').responses['400'], undefined)
  assert.notDeepEqual(op(document, '/own', 'post').responses['400'], expected)
  assert.deepEqual(document.components!.schemas!.ValidationError, {
    type: 'object',
    title: 'ValidationError',
    description: "Fastify's reply to a request that fails schema validation",
    required: ['statusCode', 'error', 'message'],
    properties: {
      statusCode: { type: 'integer', const: 400 },
      code: { type: 'string', examples: ['FST_ERR_VALIDATION'] },
      error: { type: 'string', examples: ['Bad Request'] },
      message: { type: 'string', examples: ["querystring must have required property 'q'"] },
    },
  })
})

test('the 400 body matches what Fastify sends', async (t) => {
  const app = Fastify()
  t.after(() => app.close())
  app.get('/q', { schema: { querystring: Type.Object({ q: Type.String() }) } }, async () => 'ok')
  const reply = (await app.inject('/q')).json()
  assert.deepEqual(Object.keys(reply).sort(), ['code', 'error', 'message', 'statusCode'])
  assert.equal(reply.message, "querystring must have required property 'q'")
})

test('schema.openapi is merged into the operation; schema.consumes gives the body media types', async (t) => {
  const document = await documentOf(t, (app) => {
    app.post(
      '/login',
      porticoRoute('Auth', 'login', {
        body: Type.Object({ user: Type.String() }),
        consumes: ['application/x-www-form-urlencoded', 'multipart/form-data'],
        openapi: {
          'x-codeSamples': [{ lang: 'sh', source: 'curl -d user=ada /login' }],
          externalDocs: { url: 'https://example.com/login' },
          responses: { '200': { description: 'Logged in' } },
        },
      }),
      async () => 'ok',
    )
  })
  const login = op(document, '/login', 'post')
  assert.deepEqual(Object.keys(login.requestBody!.content), [
    'application/x-www-form-urlencoded',
    'multipart/form-data',
  ])
  assert.deepEqual(login['x-codeSamples'], [{ lang: 'sh', source: 'curl -d user=ada /login' }])
  assert.deepEqual(login.externalDocs, { url: 'https://example.com/login' })
  assert.equal((login.responses['200'] as { description: string }).description, 'Logged in')
  assert.ok(login.responses['400'], 'merged over, not replacing, the generated responses')
  assert.equal(login.operationId, 'Auth_login')
})

test('schema.openapi may not set operationId, and must be an object', async () => {
  for (const [value, message] of [
    [
      { operationId: 'x' },
      /`openapi` of Auth\.login \(POST \/login\) sets `operationId`: use the route's `operationId` option/,
    ],
    [[1], /`openapi` of Auth\.login \(POST \/login\) must be an object of operation fields/],
  ] as const) {
    const app = Fastify()
    await app.register(openapi)
    app.post('/login', porticoRoute('Auth', 'login', { openapi: value }), async () => 'ok')
    await assert.rejects(
      async () => {
        await app.ready()
      },
      { code: 'PORTICO_ERR_OPENAPI_OPERATION_OVERRIDE_INVALID', message },
    )
    await app.close()
  }
})

test('two different schemas with one $id fail at ready naming both places', async () => {
  const app = Fastify()
  await app.register(openapi)
  app.get(
    '/a',
    porticoRoute('A', 'find', { response: { 200: Type.Object({ id: Type.Integer() }, { $id: 'User' }) } }),
    async () => ({}),
  )
  app.post(
    '/b',
    porticoRoute('B', 'create', {
      body: Type.Object({ user: Type.Object({ name: Type.String() }, { $id: 'User' }) }),
    }),
    async () => ({}),
  )
  await assert.rejects(
    async () => {
      await app.ready()
    },
    {
      code: 'PORTICO_ERR_OPENAPI_MODEL_ID_DUPLICATE',
      message:
        'Two different schemas have $id "User": in A.find (GET /a) and in B.create (POST /b). Give them different $ids, or use one schema object',
    },
  )
  await app.close()
})

test('the same model in many routes, or an equal copy, or a shared schema, is fine; a different shared one fails', async (t) => {
  const User = () => Type.Object({ id: Type.Integer() }, { $id: 'User' })
  const app = Fastify()
  t.after(() => app.close())
  app.addSchema(User())
  await app.register(openapi)
  app.get('/a', { schema: { response: { 200: User() } } }, async () => ({}))
  app.get('/b', { schema: { response: { 200: Type.Array(User()) } } }, async () => ({}))
  await app.ready()

  const other = Fastify()
  other.addSchema(Type.Object({ id: Type.String() }, { $id: 'User' }))
  await other.register(openapi)
  other.get('/a', porticoRoute('A', 'find', { response: { 200: User() } }), async () => ({}))
  await assert.rejects(
    async () => {
      await other.ready()
    },
    {
      code: 'PORTICO_ERR_OPENAPI_MODEL_ID_DUPLICATE',
      message: /in A\.find \(GET \/a\) and in the shared schemas \(addSchema\)/,
    },
  )
  await other.close()
})
