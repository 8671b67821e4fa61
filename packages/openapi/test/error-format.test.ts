// The `errorFormat` option (issue 12): every operation with inputs documents the validation error
// the app answers, 400 ValidationError (Fastify's body) or 422 HTTPValidationError (FastAPI's), and
// the error body schemas are exported for other documentation code.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  ERROR_FORMATS,
  errorResponseSchema,
  getOpenApiDocument,
  type OpenApiDocument,
  type OpenApiOptions,
  openapi,
  PORTICO_ERR_OPENAPI_OPTION_INVALID,
  validationErrorSchema,
  validationErrorStatus,
} from '@portico/openapi'
import { compileErrors, validate } from '@readme/openapi-parser'
import { Type } from '@sinclair/typebox'
import Fastify, { type FastifyInstance } from 'fastify'

async function documentOf(
  t: { after: (fn: () => unknown) => void },
  options: OpenApiOptions,
  routes: (app: FastifyInstance) => void,
): Promise<OpenApiDocument> {
  const app = Fastify()
  t.after(() => app.close())
  await app.register(openapi, options)
  routes(app)
  const document = await getOpenApiDocument(app)
  const result = await validate(structuredClone(document) as never)
  assert.ok(result.valid, result.valid ? '' : compileErrors(result))
  return document
}

type Responses = Record<string, { description: string; content?: Record<string, { schema: unknown }> }>
const responsesOf = (document: OpenApiDocument, path: string, method: string) =>
  (document.paths as Record<string, Record<string, { responses: Responses }>>)[path]![method]!.responses

const Book = Type.Object({ isbn: Type.String({ minLength: 10 }), title: Type.String() })

function bookRoutes(app: FastifyInstance): void {
  app.post(
    '/books/:id',
    { schema: { params: Type.Object({ id: Type.Integer() }), body: Book } },
    async () => 'ok',
  )
  app.get(
    '/books',
    { schema: { querystring: Type.Object({ limit: Type.Integer({ default: 20 }) }) } },
    async () => [],
  )
  app.get('/health', async () => 'ok')
  app.get(
    '/own',
    { schema: { headers: Type.Object({ 'x-token': Type.String() }), response: { 422: Type.String() } } },
    async () => 'x',
  )
}

test('the schemas of both formats: error body and validation error body, fresh objects each call', () => {
  assert.deepEqual(ERROR_FORMATS, ['fastify', 'fastapi'])
  const fastify = errorResponseSchema('fastify') as {
    required: string[]
    properties: Record<string, unknown>
  }
  assert.deepEqual(fastify.required, ['statusCode', 'error', 'message'])
  assert.deepEqual(Object.keys(fastify.properties), ['statusCode', 'code', 'error', 'message'])
  const fastapi = errorResponseSchema('fastapi') as {
    required: string[]
    properties: Record<string, unknown>
  }
  assert.deepEqual(fastapi.required, ['detail'])
  assert.deepEqual(fastapi.properties, { detail: { type: 'string', examples: ['Not Found'] } })
  const validation = validationErrorSchema('fastapi') as any
  assert.equal(validation.title, 'HTTPValidationError')
  assert.equal(validation.properties.detail.type, 'array')
  assert.equal(validation.properties.detail.maxItems, 100)
  assert.deepEqual(validation.properties.detail.items.required, ['loc', 'msg', 'type'])
  assert.deepEqual(validation.properties.detail.items.properties.loc.items, {
    anyOf: [{ type: 'string' }, { type: 'integer' }],
  })
  assert.equal((validationErrorSchema('fastify') as any).properties.statusCode.const, 400)
  assert.notEqual(errorResponseSchema('fastapi'), errorResponseSchema('fastapi'))
  ;(validationErrorSchema('fastapi') as any).title = 'changed'
  assert.equal((validationErrorSchema('fastapi') as any).title, 'HTTPValidationError')
  assert.equal(validationErrorStatus('fastify'), 400)
  assert.equal(validationErrorStatus('fastapi'), 422)
})

test("'fastify' (the default): 400 ValidationError on every operation with inputs", async (t) => {
  const document = await documentOf(t, {}, bookRoutes)
  for (const [path, method] of [
    ['/books/{id}', 'post'],
    ['/books', 'get'],
    ['/own', 'get'],
  ] as const) {
    assert.deepEqual(responsesOf(document, path, method)['400'], {
      description: 'Validation Error',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/ValidationError' } } },
    })
    assert.equal(
      responsesOf(document, path, method)['422']?.description,
      path === '/own' ? 'Unprocessable Entity' : undefined,
    )
  }
  assert.equal(responsesOf(document, '/health', 'get')['400'], undefined)
  assert.deepEqual(document.components?.schemas?.ValidationError, validationErrorSchema('fastify'))
  assert.equal(document.components?.schemas?.HTTPValidationError, undefined)
})

test("'fastapi': 422 HTTPValidationError with ValidationError items, as FastAPI documents it", async (t) => {
  const document = await documentOf(t, { errorFormat: 'fastapi' }, bookRoutes)
  for (const [path, method] of [
    ['/books/{id}', 'post'],
    ['/books', 'get'],
  ] as const) {
    const responses = responsesOf(document, path, method)
    assert.deepEqual(responses['422'], {
      description: 'Validation Error',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/HTTPValidationError' } } },
    })
    assert.equal(responses['400'], undefined)
  }
  // A route's own 422 stays; no inputs, no validation error.
  assert.deepEqual(responsesOf(document, '/own', 'get')['422']?.content, {
    'application/json': { schema: { type: 'string' } },
  })
  assert.equal(responsesOf(document, '/health', 'get')['422'], undefined)
  const schemas = document.components?.schemas as Record<string, any>
  const expected = validationErrorSchema('fastapi') as any
  assert.deepEqual(schemas.ValidationError, expected.properties.detail.items)
  assert.deepEqual(schemas.HTTPValidationError.properties.detail.items, {
    $ref: '#/components/schemas/ValidationError',
  })
  assert.equal(schemas.HTTPValidationError.title, 'HTTPValidationError')
})

test("'fastapi': an app model named ValidationError keeps its name, the error body is inlined", async (t) => {
  const Mine = Type.Object({ field: Type.String() }, { $id: 'ValidationError' })
  const document = await documentOf(t, { errorFormat: 'fastapi' }, (app) => {
    app.addSchema(Mine)
    app.post('/check', { schema: { body: Type.Ref(Mine), response: { 200: Type.Ref(Mine) } } }, async () => ({
      field: 'x',
    }))
  })
  const schemas = document.components?.schemas as Record<string, any>
  assert.deepEqual(Object.keys(schemas.ValidationError.properties), ['field'])
  assert.equal(schemas.HTTPValidationError, undefined)
  assert.deepEqual(
    responsesOf(document, '/check', 'post')['422']?.content?.['application/json']?.schema,
    validationErrorSchema('fastapi'),
  )
})

test('errorFormat must be one of the formats', async () => {
  for (const errorFormat of ['FastAPI', 422, null]) {
    const app = Fastify()
    await assert.rejects(
      async () => {
        await app.register(openapi, { errorFormat } as never)
      },
      (error: Error & { code?: string }) => {
        assert.equal(error.code, new PORTICO_ERR_OPENAPI_OPTION_INVALID('', '').code)
        assert.match(error.message, /errorFormat/)
        assert.match(error.message, /"fastify" or "fastapi"/)
        return true
      },
    )
    await app.close()
  }
})
