import assert from 'node:assert/strict'
import { test } from 'node:test'
import fastifyFormbody from '@fastify/formbody'
import { Controller, Form, Get, Post, portico } from '@portico/core'
import { type Static, Type } from '@sinclair/typebox'
import Fastify, { type RouteOptions } from 'fastify'
import { appWith, startupError } from './helpers.js'
import { multipart } from './multipart-body.js'

const NewBook = Type.Object({
  title: Type.String({ minLength: 1 }),
  year: Type.Integer(),
  tags: Type.Array(Type.String(), { default: [] }),
  shelf: Type.String({ default: 'main' }),
})

const urlencoded = { 'content-type': 'application/x-www-form-urlencoded' }

@Controller('/books')
class BooksForm {
  @Post('/', { form: NewBook, status: 201 })
  create(@Form() book: Static<typeof NewBook>) {
    return { book, yearType: typeof book.year, keys: Object.keys(book) }
  }

  @Post('/title', {
    form: NewBook,
    bodyLimit: 100,
    consumes: ['application/x-www-form-urlencoded', 'multipart/form-data'],
  })
  title(@Form('title') title: string, @Form('year') year: number) {
    return { title, year }
  }

  @Post('/both', {
    form: NewBook,
    consumes: ['application/x-www-form-urlencoded', 'multipart/form-data'],
  })
  both(@Form() book: Static<typeof NewBook>) {
    return book
  }
}

@Controller('/json')
class JsonBooks {
  @Post('/', { body: NewBook })
  create() {
    return { ok: true }
  }
}

test('@Form() gets the urlencoded fields, coerced as a query string, with defaults', async (t) => {
  const app = await appWith(t, { controllers: [BooksForm] })
  const res = await app.inject({
    method: 'POST',
    url: '/books/',
    headers: urlencoded,
    payload: 'title=Dune&year=1965',
  })
  assert.equal(res.statusCode, 201)
  assert.deepEqual(res.json(), {
    book: { title: 'Dune', year: 1965, tags: [], shelf: 'main' },
    yearType: 'number',
    keys: ['title', 'year', 'tags', 'shelf'],
  })
  const tags = await app.inject({
    method: 'POST',
    url: '/books/',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    payload: 'title=Dune&year=1965&tags=sf&tags=classic',
  })
  assert.deepEqual(tags.json().book.tags, ['sf', 'classic'])
})

test('@Form(name) gets one field', async (t) => {
  const app = await appWith(t, { controllers: [BooksForm] })
  const res = await app.inject({
    method: 'POST',
    url: '/books/title',
    headers: urlencoded,
    payload: 'title=Emma&year=1815',
  })
  assert.deepEqual(res.json(), { title: 'Emma', year: 1815 })
})

test('a missing or invalid field is the validation error naming it', async (t) => {
  const app = await appWith(t, { controllers: [BooksForm] })
  const missing = await app.inject({
    method: 'POST',
    url: '/books/',
    headers: urlencoded,
    payload: 'year=1965',
  })
  assert.equal(missing.statusCode, 400)
  assert.equal(missing.json().code, 'FST_ERR_VALIDATION')
  assert.equal(missing.json().message, "body must have required property 'title'")
  const bad = await app.inject({
    method: 'POST',
    url: '/books/',
    headers: urlencoded,
    payload: 'title=Dune&year=soon',
  })
  assert.equal(bad.json().message, 'body/year must be integer')
  const empty = await app.inject({ method: 'POST', url: '/books/' })
  assert.equal(empty.statusCode, 400)
})

test('a JSON body sent to a form route is 415 (FST_ERR_CTP_INVALID_MEDIA_TYPE)', async (t) => {
  const app = await appWith(t, { controllers: [BooksForm] })
  const res = await app.inject({ method: 'POST', url: '/books/', payload: { title: 'Dune', year: 1965 } })
  assert.equal(res.statusCode, 415)
  assert.equal(res.json().code, 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
  // Multipart is not accepted unless `consumes` says so.
  const form = multipart([{ name: 'title', value: 'Dune' }])
  assert.equal((await app.inject({ method: 'POST', url: '/books/', ...form })).statusCode, 415)
})

test('a form body over bodyLimit is 413', async (t) => {
  const app = await appWith(t, { controllers: [BooksForm] })
  const res = await app.inject({
    method: 'POST',
    url: '/books/title',
    headers: urlencoded,
    payload: `title=${'x'.repeat(200)}&year=1`,
  })
  assert.equal(res.statusCode, 413)
  assert.equal(res.json().code, 'FST_ERR_CTP_BODY_TOO_LARGE')
  const parts = multipart([
    { name: 'title', value: 'x'.repeat(200) },
    { name: 'year', value: '1' },
  ])
  // Multipart text fields are bounded by bodyLimit too (all together).
  const over = await app.inject({ method: 'POST', url: '/books/title', ...parts })
  assert.equal(over.statusCode, 413)
  assert.equal(over.json().code, 'FST_ERR_CTP_BODY_TOO_LARGE')
  const under = multipart([
    { name: 'title', value: 'x'.repeat(40) },
    { name: 'year', value: '1' },
  ])
  assert.equal((await app.inject({ method: 'POST', url: '/books/title', ...under })).statusCode, 200)
})

test('consumes: a form route may take multipart fields too, validated the same way', async (t) => {
  const app = await appWith(t, { controllers: [BooksForm] })
  const res = await app.inject({
    method: 'POST',
    url: '/books/both',
    ...multipart([
      { name: 'title', value: 'Dune' },
      { name: 'year', value: '1965' },
      { name: 'tags', value: 'sf' },
      { name: 'tags', value: 'classic' },
    ]),
  })
  assert.equal(res.statusCode, 200, res.body)
  assert.deepEqual(res.json(), { title: 'Dune', year: 1965, tags: ['sf', 'classic'], shelf: 'main' })
  const urlencodedToo = await app.inject({
    method: 'POST',
    url: '/books/both',
    headers: urlencoded,
    payload: 'title=Dune&year=1965',
  })
  assert.equal(urlencodedToo.statusCode, 200)
  const missing = await app.inject({
    method: 'POST',
    url: '/books/both',
    ...multipart([{ name: 'year', value: '1' }]),
  })
  assert.equal(missing.statusCode, 400)
  assert.equal(missing.json().message, "body must have required property 'title'")
})

test('the route schema documents the form as the body, with its media types', async (t) => {
  const routes: RouteOptions[] = []
  const app = Fastify()
  t.after(() => app.close())
  app.addHook('onRoute', (route) => void routes.push(route))
  await app.register(portico, { controllers: [BooksForm] })
  await app.ready()
  const create = routes.find((r) => r.url === '/books/' && r.method === 'POST')!.schema as Record<
    string,
    unknown
  >
  assert.equal(create.body, NewBook)
  assert.deepEqual(create.consumes, ['application/x-www-form-urlencoded'])
  const both = routes.find((r) => r.url === '/books/both')!.schema as Record<string, unknown>
  assert.deepEqual(both.consumes, ['application/x-www-form-urlencoded', 'multipart/form-data'])
})

test('JSON routes keep no form parser and no hook; form routes live in their own context', async (t) => {
  const routes: RouteOptions[] = []
  const app = Fastify()
  t.after(() => app.close())
  app.addHook('onRoute', (route) => void routes.push(route))
  await app.register(portico, { controllers: [JsonBooks, BooksForm] })
  await app.ready()
  const json = routes.find((r) => r.url === '/json/')!
  for (const hook of [
    'onRequest',
    'preParsing',
    'preValidation',
    'preHandler',
    'onResponse',
    'onSend',
  ] as const) {
    assert.equal(json[hook], undefined, hook)
  }
  assert.equal(app.hasContentTypeParser('application/x-www-form-urlencoded'), false)
  assert.equal(app.hasContentTypeParser('multipart/form-data'), false)
  const res = await app.inject({
    method: 'POST',
    url: '/json/',
    headers: urlencoded,
    payload: 'title=Dune&year=1',
  })
  assert.equal(res.statusCode, 415)
  const ok = await app.inject({ method: 'POST', url: '/json/', payload: { title: 'Dune', year: 1 } })
  assert.deepEqual(ok.json(), { ok: true })
})

test("the application's own @fastify/formbody is used, not registered again", async (t) => {
  const app = Fastify()
  t.after(() => app.close())
  await app.register(fastifyFormbody, { parser: () => ({ title: 'from the app parser', year: '1' }) })
  await app.register(portico, { controllers: [BooksForm] })
  const res = await app.inject({
    method: 'POST',
    url: '/books/title',
    headers: urlencoded,
    payload: 'title=x&year=2',
  })
  assert.deepEqual(res.json(), { title: 'from the app parser', year: 1 })
})

test('startup: @Form() without a `form` schema, and @Form(name) it does not declare', async () => {
  @Controller()
  class NoForm {
    @Post('/')
    create(@Form() _f: unknown) {}
  }
  const a = await startupError({ controllers: [NoForm] })
  assert.equal(a.code, 'PORTICO_ERR_CORE_PARAM_SCHEMA_MISSING')
  assert.match(
    a.message,
    /NoForm\.create parameter #0 uses @Form\(\) but the route declares no `form` schema/,
  )
  @Controller()
  class Typo {
    @Post('/', { form: NewBook })
    create(@Form('titel') _t: string) {}
  }
  const b = await startupError({ controllers: [Typo] })
  assert.equal(b.code, 'PORTICO_ERR_CORE_PARAM_SCHEMA_MISSING')
  assert.match(b.message, /@Form\('titel'\) but the `form` schema has no `titel` property/)
})

test('startup: `form` with `body`, a form that is not an object schema, a non-form `consumes`', async () => {
  @Controller()
  class Both {
    @Post('/', { form: NewBook, body: NewBook })
    create() {}
  }
  const a = await startupError({ controllers: [Both] })
  assert.equal(a.code, 'PORTICO_ERR_CORE_ROUTE_INVALID')
  assert.match(a.message, /Both\.create: `body` and `form`\/`files` both describe the request body/)
  @Controller()
  class Scalar {
    @Post('/', { form: Type.String() })
    create() {}
  }
  const b = await startupError({ controllers: [Scalar] })
  assert.match(b.message, /Scalar\.create: `form` must be an object schema/)
  @Controller()
  class Json {
    @Post('/', { form: NewBook, consumes: ['application/json'] })
    create() {}
  }
  const c = await startupError({ controllers: [Json] })
  assert.equal(c.code, 'PORTICO_ERR_CORE_ROUTE_INVALID')
  assert.match(
    c.message,
    /`consumes` lists application\/json, but a route with `form` takes application\/x-www-form-urlencoded or multipart\/form-data bodies/,
  )
})

test('a GET route reading nothing of this is untouched by the form machinery', async (t) => {
  @Controller()
  class Plain {
    @Get('/')
    list() {
      return []
    }
  }
  const app = await appWith(t, { controllers: [Plain, BooksForm] })
  assert.equal((await app.inject({ url: '/' })).statusCode, 200)
})
