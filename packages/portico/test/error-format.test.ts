// createApp's errorFormat (issue 12): under 'fastapi' every error answer is FastAPI's `{ detail }`
// with the status and headers of the error, 5xx messages stay hidden, the document describes the
// 422, a user's own handlers still win and sub-applications use the parent's format; 'fastify'
// (the default) answers as before.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { type Static, Type } from '@sinclair/typebox'
import Fastify, { type FastifyInstance } from 'fastify'
import {
  APP_DEFAULTS,
  Body,
  Controller,
  type CreateAppOptions,
  createApp,
  createSubApp,
  errorResponseSchema,
  Get,
  NotFound,
  PORTICO_ERR_APP_OPTION_INVALID,
  Post,
  ServiceUnavailable,
  Unauthorized,
  validationErrorSchema,
} from 'portico'

function appWith(options: CreateAppOptions = {}): FastifyInstance {
  const app = createApp({ errorFormat: 'fastapi', openapi: false, ...options })
  app.get('/books/:id', { schema: { params: Type.Object({ id: Type.Integer() }) } }, async (request) => {
    throw new NotFound(`Book ${(request.params as { id: number }).id} not found`)
  })
  app.post('/books', { schema: { body: Type.Object({ isbn: Type.String() }) } }, async () => 'ok')
  app.get('/me', async () => {
    throw Object.assign(new Unauthorized('Not authenticated'), { headers: { 'www-authenticate': 'Bearer' } })
  })
  app.get('/db', async () => {
    throw new Error('connect ECONNREFUSED postgres://admin:hunter2@db')
  })
  app.get('/busy', async () => {
    throw new ServiceUnavailable('Retry later')
  })
  return app
}

/** Whether `body` matches `schema`, checked by Fastify's own validator (the schema must compile). */
async function matches(schema: unknown, body: unknown): Promise<boolean> {
  const checker = Fastify()
  checker.post('/', { schema: { body: schema as object } }, async () => 'ok')
  const response = await checker.inject({ method: 'POST', url: '/', payload: body as object })
  await checker.close()
  return response.statusCode === 200
}

describe("errorFormat: 'fastapi'", () => {
  test('HTTP errors answer { detail } with their status and headers', async (t) => {
    const app = appWith()
    t.after(() => app.close())
    const notFound = await app.inject('/books/3')
    assert.equal(notFound.statusCode, 404)
    assert.deepEqual(notFound.json(), { detail: 'Book 3 not found' })
    assert.match(String(notFound.headers['content-type']), /^application\/json/)
    const me = await app.inject('/me')
    assert.equal(me.statusCode, 401)
    assert.equal(me.headers['www-authenticate'], 'Bearer')
    assert.deepEqual(me.json(), { detail: 'Not authenticated' })
    assert.ok(await matches(errorResponseSchema('fastapi'), me.json()))
    assert.equal(await matches(errorResponseSchema('fastify'), me.json()), false)
  })

  test("Fastify's own 4xx: route not found (404), method (405, Allow kept), body too large (413), media type (415)", async (t) => {
    const app = appWith({ fastify: { bodyLimit: 20 } })
    t.after(() => app.close())
    const missing = await app.inject('/nowhere')
    assert.equal(missing.statusCode, 404)
    assert.deepEqual(missing.json(), { detail: 'Not Found' })
    const method = await app.inject({ method: 'DELETE', url: '/me' })
    assert.equal(method.statusCode, 405)
    assert.match(String(method.headers.allow), /GET/)
    assert.deepEqual(method.json(), { detail: 'Method Not Allowed' })
    const large = await app.inject({ method: 'POST', url: '/books', payload: { isbn: 'x'.repeat(100) } })
    assert.equal(large.statusCode, 413)
    assert.deepEqual(Object.keys(large.json()), ['detail'])
    assert.equal(typeof large.json().detail, 'string')
    const media = await app.inject({
      method: 'POST',
      url: '/books',
      payload: '<isbn/>',
      headers: { 'content-type': 'application/xml' },
    })
    assert.equal(media.statusCode, 415)
    assert.deepEqual(Object.keys(media.json()), ['detail'])
  })

  test('5xx hides internal messages, keeps exposed ones; exposeErrors shows every message', async (t) => {
    const app = appWith()
    t.after(() => app.close())
    const db = await app.inject('/db')
    assert.equal(db.statusCode, 500)
    assert.deepEqual(db.json(), { detail: 'Internal Server Error' })
    assert.doesNotMatch(db.body, /hunter2/)
    const busy = await app.inject('/busy')
    assert.equal(busy.statusCode, 503)
    assert.deepEqual(busy.json(), { detail: 'Retry later' })
    const exposed = appWith({ exposeErrors: true })
    t.after(() => exposed.close())
    assert.deepEqual((await exposed.inject('/db')).json(), {
      detail: 'connect ECONNREFUSED postgres://admin:hunter2@db',
    })
  })

  test('a validation error is 422 { detail: [{ loc, msg, type }] }, matching validationErrorSchema', async (t) => {
    const app = appWith()
    t.after(() => app.close())
    const response = await app.inject({ method: 'POST', url: '/books', payload: {} })
    assert.equal(response.statusCode, 422)
    assert.deepEqual(response.json(), {
      detail: [{ loc: ['body', 'isbn'], msg: 'field required', type: 'value_error.missing' }],
    })
    assert.ok(await matches(validationErrorSchema('fastapi'), response.json()))
    const path = await app.inject('/books/abc')
    assert.equal(path.statusCode, 422)
    assert.deepEqual(path.json(), {
      detail: [{ loc: ['path', 'id'], msg: 'value is not a valid integer', type: 'type_error.integer' }],
    })
  })

  test('the error is logged as Fastify logs it (5xx at error with the request, 4xx at info)', async (t) => {
    const lines: Record<string, any>[] = []
    const stream = { write: (line: string) => void lines.push(JSON.parse(line)) }
    const app = appWith({ logger: { stream } })
    t.after(() => app.close())
    await app.inject('/db')
    await app.inject('/me')
    const error = lines.find((line) => line.level === 50)
    assert.equal(error?.err.message, 'connect ECONNREFUSED postgres://admin:hunter2@db')
    assert.equal(error?.req.url, '/db')
    assert.ok(lines.some((line) => line.level === 30 && line.err?.message === 'Not authenticated'))
  })

  test("a user's setErrorHandler and setNotFoundHandler still win", async (t) => {
    const app = appWith()
    t.after(() => app.close())
    app.setErrorHandler(async (error, _request, reply) => {
      if ((error as { statusCode?: number }).statusCode === 401) return reply.code(401).send({ mine: true })
      return reply.send(error) // passed on: answered in the app's format
    })
    app.setNotFoundHandler(async (_request, reply) => reply.code(404).send({ gone: true }))
    assert.deepEqual((await app.inject('/me')).json(), { mine: true })
    assert.deepEqual((await app.inject('/books/3')).json(), { detail: 'Book 3 not found' })
    assert.deepEqual((await app.inject('/nowhere')).json(), { gone: true })
  })

  test('the document documents 422 HTTPValidationError on operations with inputs', async (t) => {
    const app = createApp({ errorFormat: 'fastapi' })
    t.after(() => app.close())
    // Routes added after the openapi plugin loaded (in a plugin) are documented.
    await app.register(async (scope) => {
      scope.post('/books', { schema: { body: Type.Object({ isbn: Type.String() }) } }, async () => 'ok')
      scope.get('/me', async () => 'me')
    })
    const document = (await app.inject('/openapi.json')).json()
    assert.deepEqual(document.paths['/books'].post.responses['422'], {
      description: 'Validation Error',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/HTTPValidationError' } } },
    })
    assert.equal(document.paths['/books'].post.responses['400'], undefined)
    assert.equal(document.paths['/me'].get.responses['422'], undefined)
    assert.deepEqual(Object.keys(document.components.schemas).sort(), [
      'HTTPValidationError',
      'ValidationError',
    ])
  })

  test("a sub-application answers and documents in the parent's format", async (t) => {
    const sub = createSubApp({ openapi: {} })
    const app = appWith()
    t.after(() => app.close())
    app.register(
      async (instance) => {
        await instance.register(sub)
      },
      { prefix: '/sub' },
    )
    app.register(
      async (instance) => {
        instance.post(
          '/check',
          { schema: { querystring: Type.Object({ n: Type.Integer() }) } },
          async () => 'ok',
        )
      },
      { prefix: '/plain' },
    )
    const checked = await app.inject({ method: 'POST', url: '/plain/check?n=x' })
    assert.equal(checked.statusCode, 422)
    assert.deepEqual(checked.json().detail[0].loc, ['query', 'n'])
    assert.deepEqual((await app.inject('/sub/nowhere')).json(), { detail: 'Not Found' })
  })
})

test('a sub-application mounted on a fastapi app answers and documents 422', async (t) => {
  const Isbn = Type.Object({ isbn: Type.String({ minLength: 10 }) })
  @Controller('/books')
  class Books {
    @Post('', { body: Isbn })
    add(@Body() book: Static<typeof Isbn>) {
      return book
    }
  }
  const app = createApp({ errorFormat: 'fastapi', openapi: false })
  t.after(() => app.close())
  app.register(createSubApp({ controllers: [Books] }), { prefix: '/sub' })
  const response = await app.inject({ method: 'POST', url: '/sub/books', payload: { isbn: '123' } })
  assert.equal(response.statusCode, 422)
  assert.deepEqual(response.json().detail, [
    {
      loc: ['body', 'isbn'],
      msg: 'ensure this value has at least 10 characters',
      type: 'value_error.any_str.min_length',
      ctx: { limit_value: 10 },
    },
  ])
  const document = (await app.inject('/sub/openapi.json')).json()
  assert.deepEqual(document.paths['/books'].post.responses['422'].content, {
    'application/json': { schema: { $ref: '#/components/schemas/HTTPValidationError' } },
  })
  assert.equal(document.paths['/books'].post.responses['400'], undefined)
})

test('a declared error response with errorResponseSchema is documented and answered in that shape', async (t) => {
  const HttpErrorBody = Type.Unsafe<{ detail: string }>(errorResponseSchema('fastapi'))
  @Controller('/shelves')
  class Shelves {
    @Get('/:id', {
      params: Type.Object({ id: Type.Integer() }),
      response: { 200: Type.String(), 404: HttpErrorBody },
    })
    read() {
      throw new NotFound('Shelf 7 not found')
    }
  }
  const app = createApp({ errorFormat: 'fastapi', controllers: [Shelves] })
  t.after(() => app.close())
  const response = await app.inject('/shelves/7')
  assert.equal(response.statusCode, 404)
  assert.deepEqual(response.json(), { detail: 'Shelf 7 not found' })
  const document = (await app.inject('/openapi.json')).json()
  const responses = document.paths['/shelves/{id}'].get.responses
  assert.deepEqual(responses['404'].content['application/json'].schema, errorResponseSchema('fastapi'))
  assert.equal(
    responses['422'].content['application/json'].schema.$ref,
    '#/components/schemas/HTTPValidationError',
  )
})

describe("errorFormat: 'fastify' (the default)", () => {
  test("Fastify's answers: 400 with the first failing field, 404 as Fastify", async (t) => {
    const app = appWith({ errorFormat: undefined })
    t.after(() => app.close())
    assert.equal(APP_DEFAULTS.createApp.errorFormat, 'fastify')
    const response = await app.inject({ method: 'POST', url: '/books', payload: {} })
    assert.equal(response.statusCode, 400)
    assert.deepEqual(response.json(), {
      statusCode: 400,
      code: 'FST_ERR_VALIDATION',
      error: 'Bad Request',
      message: "body must have required property 'isbn'",
    })
    assert.ok(await matches(validationErrorSchema('fastify'), response.json()))
    assert.deepEqual((await app.inject('/nowhere')).json(), {
      message: 'Route GET:/nowhere not found',
      error: 'Not Found',
      statusCode: 404,
    })
  })
})

test('errorFormat must be fastify or fastapi', () => {
  for (const errorFormat of ['FastAPI', 'json', 1]) {
    assert.throws(
      () => createApp({ errorFormat: errorFormat as never }),
      (error: Error & { code?: string }) => {
        assert.equal(error.code, 'PORTICO_ERR_APP_OPTION_INVALID')
        assert.ok(error instanceof PORTICO_ERR_APP_OPTION_INVALID)
        assert.match(error.message, /errorFormat/)
        assert.match(error.message, /'fastify' or 'fastapi'/)
        return true
      },
    )
  }
})
