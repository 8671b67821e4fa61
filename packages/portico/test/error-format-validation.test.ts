// errorFormat: 'fastapi' validation answers (issue 12): one entry per failing field of every input,
// in FastAPI's order (path, query, header, body), with FastAPI 0.92's loc, msg, type and ctx (the
// expected values below are what FastAPI 0.92 / pydantic 1.10 answer for the same inputs), at most
// 100 entries however many fields fail.
import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { Controller, Cookie, type CreateAppOptions, createApp, Get } from 'portico'

const Book = Type.Object({
  isbn: Type.String({ minLength: 10, maxLength: 13, pattern: '^[0-9]+$' }),
  title: Type.String(),
  pages: Type.Integer({ minimum: 1, maximum: 5000 }),
  price: Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1000 }),
  tags: Type.Array(Type.String(), { minItems: 1, maxItems: 3 }),
  color: Type.Union([Type.Literal('red'), Type.Literal('blue')]),
  flag: Type.Boolean(),
  mult: Type.Integer({ multipleOf: 5 }),
})

function appWith(options: CreateAppOptions = {}): FastifyInstance {
  const app = createApp({ errorFormat: 'fastapi', openapi: false, ...options })
  app.post(
    '/books/:book_id',
    {
      schema: {
        params: Type.Object({ book_id: Type.Integer() }),
        querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }) }),
        headers: Type.Object({ 'x-token': Type.String() }),
        body: Book,
      },
    },
    async () => 'ok',
  )
  app.post(
    '/nest',
    {
      schema: {
        body: Type.Object({
          items: Type.Array(Type.Object({ n: Type.Integer() })),
          kind: Type.Literal('x'),
          status: Type.Enum({ a: 'open', b: 'closed' }),
          email: Type.Optional(Type.String({ format: 'email' })),
        }),
      },
    },
    async () => 'ok',
  )
  app.get(
    '/arr',
    { schema: { querystring: Type.Object({ ids: Type.Array(Type.Integer()) }) } },
    async () => 'ok',
  )
  app.post('/list', { schema: { body: Type.Array(Type.Object({ n: Type.Integer() })) } }, async () => 'ok')
  return app
}

const valid = {
  isbn: '1234567890',
  title: 't',
  pages: 1,
  price: 1,
  tags: ['a'],
  color: 'red',
  flag: true,
  mult: 5,
}

describe('422 entries', () => {
  test('every failing field of every input, in FastAPI order, with FastAPI 0.92 messages', async (t) => {
    const app = appWith()
    t.after(() => app.close())
    const response = await app.inject({
      method: 'POST',
      url: '/books/abc?limit=0',
      payload: { isbn: 'x', pages: 'a', price: 0, tags: [], color: 'green', flag: 'maybe', mult: 3 },
    })
    assert.equal(response.statusCode, 422)
    assert.deepEqual(response.json().detail, [
      { loc: ['path', 'book_id'], msg: 'value is not a valid integer', type: 'type_error.integer' },
      {
        loc: ['query', 'limit'],
        msg: 'ensure this value is greater than or equal to 1',
        type: 'value_error.number.not_ge',
        ctx: { limit_value: 1 },
      },
      { loc: ['header', 'x-token'], msg: 'field required', type: 'value_error.missing' },
      // Ajv checks `required` before the properties: the missing field comes first in the body.
      { loc: ['body', 'title'], msg: 'field required', type: 'value_error.missing' },
      {
        loc: ['body', 'isbn'],
        msg: 'ensure this value has at least 10 characters',
        type: 'value_error.any_str.min_length',
        ctx: { limit_value: 10 },
      },
      { loc: ['body', 'pages'], msg: 'value is not a valid integer', type: 'type_error.integer' },
      {
        loc: ['body', 'price'],
        msg: 'ensure this value is greater than 0',
        type: 'value_error.number.not_gt',
        ctx: { limit_value: 0 },
      },
      {
        loc: ['body', 'tags'],
        msg: 'ensure this value has at least 1 items',
        type: 'value_error.list.min_items',
        ctx: { limit_value: 1 },
      },
      {
        loc: ['body', 'color'],
        msg: "value is not a valid enumeration member; permitted: 'red', 'blue'",
        type: 'type_error.enum',
        ctx: { enum_values: ['red', 'blue'] },
      },
      { loc: ['body', 'flag'], msg: 'value could not be parsed to a boolean', type: 'type_error.bool' },
      {
        loc: ['body', 'mult'],
        msg: 'ensure this value is a multiple of 5',
        type: 'value_error.number.not_multiple',
        ctx: { multiple_of: 5 },
      },
    ])
  })

  test('upper bounds, maximum lengths and patterns', async (t) => {
    const app = appWith()
    t.after(() => app.close())
    const response = await app.inject({
      method: 'POST',
      url: '/books/1?limit=abc',
      headers: { 'x-token': 't' },
      payload: { ...valid, isbn: '12345678901234', pages: 6000, price: 1000, tags: ['a', 'b', 'c', 'd'] },
    })
    assert.deepEqual(response.json().detail, [
      { loc: ['query', 'limit'], msg: 'value is not a valid integer', type: 'type_error.integer' },
      {
        loc: ['body', 'isbn'],
        msg: 'ensure this value has at most 13 characters',
        type: 'value_error.any_str.max_length',
        ctx: { limit_value: 13 },
      },
      {
        loc: ['body', 'pages'],
        msg: 'ensure this value is less than or equal to 5000',
        type: 'value_error.number.not_le',
        ctx: { limit_value: 5000 },
      },
      {
        loc: ['body', 'price'],
        msg: 'ensure this value is less than 1000',
        type: 'value_error.number.not_lt',
        ctx: { limit_value: 1000 },
      },
      {
        loc: ['body', 'tags'],
        msg: 'ensure this value has at most 3 items',
        type: 'value_error.list.max_items',
        ctx: { limit_value: 3 },
      },
    ])
    const pattern = await app.inject({
      method: 'POST',
      url: '/books/1',
      headers: { 'x-token': 't' },
      payload: { ...valid, isbn: 'abcdefghijk' },
    })
    assert.deepEqual(pattern.json().detail, [
      {
        loc: ['body', 'isbn'],
        msg: 'string does not match regex "^[0-9]+$"',
        type: 'value_error.str.regex',
        ctx: { pattern: '^[0-9]+$' },
      },
    ])
  })

  test('nested locations with array indexes; constants and enums; formats', async (t) => {
    const app = appWith()
    t.after(() => app.close())
    const response = await app.inject({
      method: 'POST',
      url: '/nest',
      payload: { items: [{ n: 1 }, { n: 'q' }, {}], kind: 'y', status: 'gone', email: 'nope' },
    })
    assert.deepEqual(response.json().detail, [
      { loc: ['body', 'items', 1, 'n'], msg: 'value is not a valid integer', type: 'type_error.integer' },
      { loc: ['body', 'items', 2, 'n'], msg: 'field required', type: 'value_error.missing' },
      {
        loc: ['body', 'kind'],
        msg: "unexpected value; permitted: 'x'",
        type: 'value_error.const',
        ctx: { given: 'y', permitted: ['x'] },
      },
      {
        loc: ['body', 'status'],
        msg: "value is not a valid enumeration member; permitted: 'open', 'closed'",
        type: 'type_error.enum',
        ctx: { enum_values: ['open', 'closed'] },
      },
      { loc: ['body', 'email'], msg: 'value is not a valid email address', type: 'value_error.email' },
    ])
    const arr = await app.inject('/arr?ids=1&ids=x')
    assert.deepEqual(arr.json().detail, [
      { loc: ['query', 'ids', 1], msg: 'value is not a valid integer', type: 'type_error.integer' },
    ])
  })

  test('a missing, empty, non-object or unparsable body', async (t) => {
    const app = appWith()
    t.after(() => app.close())
    const url = '/books/1'
    const headers = { 'x-token': 't' }
    const missing = await app.inject({ method: 'POST', url, headers })
    assert.equal(missing.statusCode, 422)
    assert.deepEqual(missing.json().detail, [
      { loc: ['body'], msg: 'field required', type: 'value_error.missing' },
    ])
    const array = await app.inject({ method: 'POST', url, headers, payload: [1] })
    assert.deepEqual(array.json().detail, [
      { loc: ['body'], msg: 'value is not a valid dict', type: 'type_error.dict' },
    ])
    const json = { ...headers, 'content-type': 'application/json' }
    const broken = await app.inject({ method: 'POST', url, headers: json, payload: '{bad' })
    assert.equal(broken.statusCode, 422)
    assert.deepEqual(broken.json().detail.length, 1)
    assert.deepEqual(broken.json().detail[0].loc, ['body'])
    assert.equal(broken.json().detail[0].type, 'value_error.jsondecode')
    const empty = await app.inject({ method: 'POST', url, headers: json, payload: '' })
    assert.equal(empty.statusCode, 422)
    assert.deepEqual(empty.json().detail, [
      { loc: ['body'], msg: 'field required', type: 'value_error.missing' },
    ])
  })
})

test('a cookie that fails validation is reported with the other inputs, in FastAPI order', async (t) => {
  const Session = Type.Object({ session: Type.String({ minLength: 8 }) })
  @Controller('/me')
  class Me {
    @Get('', { cookies: Session, querystring: Type.Object({ limit: Type.Integer() }) })
    read(@Cookie('session') session: string) {
      return session
    }
  }
  const app = createApp({ errorFormat: 'fastapi', openapi: false, controllers: [Me] })
  t.after(() => app.close())
  const response = await app.inject({ url: '/me?limit=x', headers: { cookie: 'session=abc' } })
  assert.equal(response.statusCode, 422)
  assert.deepEqual(response.json().detail, [
    { loc: ['query', 'limit'], msg: 'value is not a valid integer', type: 'type_error.integer' },
    {
      loc: ['cookie', 'session'],
      msg: 'ensure this value has at least 8 characters',
      type: 'value_error.any_str.min_length',
      ctx: { limit_value: 8 },
    },
  ])
  const missing = await app.inject('/me?limit=1')
  assert.deepEqual(missing.json().detail, [
    { loc: ['cookie', 'session'], msg: 'field required', type: 'value_error.missing' },
  ])
})

describe('bounds', () => {
  test('at most 100 entries, however many fields fail', async (t) => {
    const app = appWith()
    t.after(() => app.close())
    const payload = Array.from({ length: 5000 }, () => ({ n: 'x' }))
    const response = await app.inject({ method: 'POST', url: '/list', payload })
    assert.equal(response.statusCode, 422)
    const { detail } = response.json()
    assert.equal(detail.length, 100)
    assert.deepEqual(detail[0].loc, ['body', 0, 'n'])
    assert.deepEqual(detail[99].loc, ['body', 99, 'n'])
  })

  test('validators from the schema cache (standalone, the second start) report every field too', async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'portico-error-format-'))
    t.after(() => rm(dir, { recursive: true, force: true }))
    for (const start of ['first', 'cached']) {
      const app = appWith({ schemaCache: dir })
      const response = await app.inject({ method: 'POST', url: '/books/x?limit=0', payload: {} })
      await app.close()
      assert.equal(response.statusCode, 422, start)
      const locs = response.json().detail.map((entry: { loc: unknown[] }) => entry.loc.join('.'))
      assert.deepEqual(locs.slice(0, 3), ['path.book_id', 'query.limit', 'header.x-token'], start)
      assert.equal(locs.filter((loc: string) => loc.startsWith('body.')).length, 8, start)
    }
  })

  test("the user's Ajv options are kept; their allErrors: false reports the first error only", async (t) => {
    const app = appWith({ fastify: { ajv: { customOptions: { allErrors: false } } } })
    t.after(() => app.close())
    const response = await app.inject({ method: 'POST', url: '/list', payload: [{ n: 'x' }, { n: 'y' }] })
    assert.equal(response.json().detail.length, 1)
    const coercing = appWith({ fastify: { ajv: { customOptions: { coerceTypes: false } } } })
    t.after(() => coercing.close())
    const strict = await coercing.inject({ method: 'POST', url: '/list', payload: [{ n: '1' }, { n: '2' }] })
    assert.equal(strict.statusCode, 422)
    assert.equal(strict.json().detail.length, 2)
  })
})
