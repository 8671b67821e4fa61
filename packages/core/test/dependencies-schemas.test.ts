import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  Controller,
  Depends,
  dependency,
  Get,
  Header,
  header,
  portico,
  Query,
  query,
  type Resolved,
} from '@portico/core'
import { Type } from '@sinclair/typebox'
import Fastify from 'fastify'
import { startupError } from './helpers.js'

// Schemas that dependency inputs and in-place parameter decorators declare are merged into their
// route's: validated and documented as if the route declared them; conflicts fail at startup.

test('header/query inputs with schemas are merged into the route schemas: validated and documented', async (t) => {
  const paging = dependency(
    {
      limit: query('limit', Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
      key: header('x-key', Type.String()),
    },
    ({ limit, key }) => ({ limit, key }),
  )
  @Controller()
  class Paged {
    @Get('/items', { querystring: Type.Object({ q: Type.Optional(Type.String()) }) })
    items(@Depends(paging) p: Resolved<typeof paging>) {
      return p
    }
  }
  const app = Fastify()
  t.after(() => app.close())
  const schemas: Record<string, { querystring?: any; headers?: any }> = {}
  app.addHook('onRoute', (r) => {
    schemas[r.url] = r.schema as never
  })
  const { portico } = await import('@portico/core')
  await app.register(portico, { controllers: [Paged] })
  await app.ready()
  assert.deepEqual(Object.keys(schemas['/items']!.querystring.properties), ['q', 'limit'])
  assert.deepEqual(schemas['/items']!.headers.required, ['x-key'])
  assert.deepEqual((await app.inject({ url: '/items', headers: { 'x-key': 'k' } })).json(), {
    limit: 20,
    key: 'k',
  })
  assert.equal((await app.inject({ url: '/items?limit=500', headers: { 'x-key': 'k' } })).statusCode, 400)
  assert.equal((await app.inject({ url: '/items' })).statusCode, 400)
})

test('a header declared with two different schemas fails at startup naming both', async () => {
  const a = dependency({ t: header('x-token', Type.String()) }, function a() {})
  const b = dependency({ t: header('X-Token', Type.Integer()) }, function b() {})
  @Controller()
  class Clash {
    @Get('/', { dependencies: [a, b] })
    list() {}
  }
  let err = await startupError({ controllers: [Clash] })
  assert.equal(err.code, 'PORTICO_ERR_CORE_DEPENDENCY_SCHEMA_CONFLICT')
  assert.match(
    err.message,
    /Clash\.list: header `x-token` has different schemas in dependency a and dependency b/,
  )

  @Controller()
  class RouteClash {
    @Get('/', { headers: Type.Object({ 'x-token': Type.Boolean() }), dependencies: [a] })
    list() {}
  }
  err = await startupError({ controllers: [RouteClash] })
  assert.equal(err.code, 'PORTICO_ERR_CORE_DEPENDENCY_SCHEMA_CONFLICT')
  assert.match(
    err.message,
    /RouteClash\.list: header `x-token` has different schemas in the route's `headers` schema and dependency a/,
  )
})

test('@Query(name, schema) and @Header(name, schema) declare their parameter in place', async (t) => {
  const Limit = Type.Integer({ minimum: 1, maximum: 100, default: 20 })
  const Token = Type.String({ minLength: 3 })
  @Controller()
  class Books {
    @Get('/books')
    list(
      @Query('limit', Limit) limit: Resolved<typeof Limit>,
      @Header('X-Token', Token) token: Resolved<typeof Token>,
    ) {
      return { limit, token }
    }
  }
  const app = Fastify()
  t.after(() => app.close())
  const schemas: Record<string, { querystring?: any; headers?: any }> = {}
  app.addHook('onRoute', (r) => {
    schemas[r.url] = r.schema as never
  })
  await app.register(portico, { controllers: [Books] })
  await app.ready()
  assert.deepEqual(schemas['/books']!.querystring.properties.limit, Limit)
  assert.deepEqual(schemas['/books']!.headers.required, ['x-token'])
  assert.deepEqual((await app.inject({ url: '/books', headers: { 'x-token': 'abc' } })).json(), {
    limit: 20,
    token: 'abc',
  })
  assert.deepEqual((await app.inject({ url: '/books?limit=5', headers: { 'x-token': 'abc' } })).json(), {
    limit: 5,
    token: 'abc',
  })
  assert.equal((await app.inject({ url: '/books?limit=0', headers: { 'x-token': 'abc' } })).statusCode, 400)
  assert.equal((await app.inject({ url: '/books', headers: { 'x-token': 'a' } })).statusCode, 400)
})

test('an in-place schema and a dependency declaring the same query parameter differently fail naming both', async () => {
  const page = dependency({ limit: query('limit', Type.Integer()) }, function page() {})
  @Controller()
  class Clash {
    @Get('/', { dependencies: [page] })
    list(@Query('limit', Type.String()) limit: Resolved<ReturnType<typeof Type.String>>) {
      return limit
    }
  }
  const err = await startupError({ controllers: [Clash] })
  assert.equal(err.code, 'PORTICO_ERR_CORE_DEPENDENCY_SCHEMA_CONFLICT')
  assert.match(
    err.message,
    /Clash\.list: query `limit` has different schemas in the route's `querystring` schema and dependency page/,
  )
})
