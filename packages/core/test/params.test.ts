import assert from 'node:assert/strict'
import type { IncomingHttpHeaders } from 'node:http'
import { test } from 'node:test'
import { Body, Controller, Get, Header, Headers, Param, Params, Post, Query, Reply, Req } from '@portico/core'
import { type Static, Type } from '@sinclair/typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { appWith } from './helpers.js'

const NewUser = Type.Object({ name: Type.String({ minLength: 1 }), age: Type.Integer({ minimum: 0 }) })
const User = Type.Object({ id: Type.Integer(), name: Type.String() })
const Ids = Type.Object({ org: Type.String(), id: Type.Integer() })
const Search = Type.Object({ q: Type.String(), limit: Type.Integer({ default: 10 }) })
const ApiKey = Type.Object({ 'x-api-key': Type.String() })

@Controller('/orgs/:org/users')
class UsersController {
  @Post('/', {
    params: Type.Object({ org: Type.String() }),
    body: NewUser,
    response: { 201: User },
    status: 201,
  })
  create(@Param('org') org: string, @Body() body: Static<typeof NewUser>) {
    return { id: 7, name: `${org}/${body.name}`, age: body.age, secret: 'must not leak' }
  }

  @Get('/:id', { params: Ids, response: { 200: Type.Object({ org: Type.String(), id: Type.Integer() }) } })
  async find(@Params() params: Static<typeof Ids>) {
    return params
  }

  @Get('/:id/typed', { params: Ids })
  typed(@Param('id') id: number) {
    return { id, type: typeof id }
  }

  @Get('/', { params: Type.Object({ org: Type.String() }), querystring: Search })
  search(@Query() query: Static<typeof Search>) {
    return query
  }

  @Get('/-/key', { params: Type.Object({ org: Type.String() }), headers: ApiKey })
  key(@Header('X-Api-Key') key: string, @Headers() headers: Static<typeof ApiKey>) {
    return { key, same: headers['x-api-key'] === key }
  }

  @Get('/-/raw')
  raw(@Header('user-agent') ua: string | string[] | undefined, @Headers() headers: IncomingHttpHeaders) {
    return { ua, host: headers.host }
  }

  @Get('/-/req')
  req(@Req() request: FastifyRequest, @Reply() reply: FastifyReply) {
    reply.header('x-url', request.url)
    return { method: request.method }
  }

  @Get('/-/self')
  self(@Reply() reply: FastifyReply) {
    reply.code(202).type('text/plain').send('sent by the handler')
  }

  @Get('/-/self-async')
  async selfAsync(@Reply() reply: FastifyReply) {
    await new Promise((resolve) => setTimeout(resolve, 5))
    return reply.code(203).send({ late: true })
  }

  @Get('/-/nothing')
  nothing() {}

  @Get('/:id/many', { params: Ids, querystring: Search, headers: ApiKey })
  many(
    @Param('org') org: string,
    @Param('id') id: number,
    @Query() query: Static<typeof Search>,
    @Header('x-api-key') key: string,
    @Req() request: FastifyRequest,
  ) {
    return { org, id, q: query.q, key, url: request.url }
  }
}

test('@Body and @Param receive validated values; the response schema drops undeclared fields', async (t) => {
  const app = await appWith(t, { controllers: [UsersController] })
  const res = await app.inject({ method: 'POST', url: '/orgs/acme/users/', payload: { name: 'ann', age: 3 } })
  assert.equal(res.statusCode, 201)
  assert.deepEqual(res.json(), { id: 7, name: 'acme/ann' })
  assert.equal(res.body.includes('secret'), false)
})

test('invalid input is a 400 JSON error from Fastify validation', async (t) => {
  const app = await appWith(t, { controllers: [UsersController] })
  const res = await app.inject({ method: 'POST', url: '/orgs/acme/users/', payload: { name: '', age: -1 } })
  assert.equal(res.statusCode, 400)
  assert.match(res.headers['content-type'] as string, /application\/json/)
  const body = res.json()
  assert.equal(body.statusCode, 400)
  assert.equal(body.code, 'FST_ERR_VALIDATION')
  assert.equal(body.error, 'Bad Request')
  assert.match(body.message, /body\/name/)
  const badParam = await app.inject('/orgs/acme/users/not-a-number')
  assert.equal(badParam.statusCode, 400)
  assert.match(badParam.json().message, /params\/id/)
  const badQuery = await app.inject('/orgs/acme/users/')
  assert.equal(badQuery.statusCode, 400)
  assert.match(badQuery.json().message, /querystring must have required property 'q'/)
  const badHeader = await app.inject('/orgs/acme/users/-/key')
  assert.equal(badHeader.statusCode, 400)
  assert.match(badHeader.json().message, /headers must have required property 'x-api-key'/)
})

test('@Params gives the coerced params object; @Param one coerced value', async (t) => {
  const app = await appWith(t, { controllers: [UsersController] })
  assert.deepEqual((await app.inject('/orgs/acme/users/42')).json(), { org: 'acme', id: 42 })
  assert.deepEqual((await app.inject('/orgs/acme/users/42/typed')).json(), { id: 42, type: 'number' })
})

test('@Query gives the validated query with defaults applied', async (t) => {
  const app = await appWith(t, { controllers: [UsersController] })
  assert.deepEqual((await app.inject('/orgs/acme/users/?q=ann')).json(), { q: 'ann', limit: 10 })
  assert.deepEqual((await app.inject('/orgs/acme/users/?q=ann&limit=2')).json(), { q: 'ann', limit: 2 })
})

test('@Header is case-insensitive; @Headers gives the headers, with or without a schema', async (t) => {
  const app = await appWith(t, { controllers: [UsersController] })
  const key = await app.inject({ url: '/orgs/acme/users/-/key', headers: { 'X-API-KEY': 's3cret' } })
  assert.deepEqual(key.json(), { key: 's3cret', same: true })
  const raw = await app.inject({
    url: '/orgs/acme/users/-/raw',
    headers: { 'user-agent': 'probe/1', host: 'h.test' },
  })
  assert.deepEqual(raw.json(), { ua: 'probe/1', host: 'h.test' })
})

test('@Req and @Reply give the request and reply; a returned value is still sent', async (t) => {
  const app = await appWith(t, { controllers: [UsersController] })
  const res = await app.inject('/orgs/acme/users/-/req?x=1')
  assert.deepEqual(res.json(), { method: 'GET' })
  assert.equal(res.headers['x-url'], '/orgs/acme/users/-/req?x=1')
})

test('a handler that sends through @Reply is left alone (sync and async)', async (t) => {
  const app = await appWith(t, { controllers: [UsersController] })
  const sync = await app.inject('/orgs/acme/users/-/self')
  assert.equal(sync.statusCode, 202)
  assert.equal(sync.body, 'sent by the handler')
  const late = await app.inject('/orgs/acme/users/-/self-async')
  assert.equal(late.statusCode, 203)
  assert.deepEqual(late.json(), { late: true })
})

test('a handler returning nothing gets an empty reply instead of hanging', async (t) => {
  const app = await appWith(t, { controllers: [UsersController] })
  const res = await app.inject('/orgs/acme/users/-/nothing')
  assert.equal(res.statusCode, 200)
  assert.equal(res.body, '')
})

test('more than three decorated parameters are resolved in order', async (t) => {
  const app = await appWith(t, { controllers: [UsersController] })
  const res = await app.inject({ url: '/orgs/acme/users/5/many?q=z', headers: { 'x-api-key': 'k' } })
  assert.equal(res.statusCode, 200)
  assert.deepEqual(res.json(), { org: 'acme', id: 5, q: 'z', key: 'k', url: '/orgs/acme/users/5/many?q=z' })
})

test('names are data, not code: odd header names are read literally', async (t) => {
  const odd = 'x-a"];globalThis.pwned=1;//'
  @Controller()
  class Odd {
    @Get('/odd')
    odd(@Header(odd) value: string | string[] | undefined) {
      return { value: value ?? null }
    }
  }
  const app = await appWith(t, { controllers: [Odd] })
  const res = await app.inject('/odd')
  assert.deepEqual(res.json(), { value: null })
  assert.equal((globalThis as { pwned?: number }).pwned, undefined)
})
