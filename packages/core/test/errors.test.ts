import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  All,
  BadRequest,
  Body,
  Conflict,
  Controller,
  Forbidden,
  Get,
  Header,
  HttpError,
  NotFound,
  Param,
  Params,
  Post,
  portico,
  Query,
  ServiceUnavailable,
  UnprocessableEntity,
} from '@portico/core'
import { type Static, Type } from '@sinclair/typebox'
import Fastify from 'fastify'
import { appWith, startupError } from './helpers.js'

test('thrown HTTP errors become Fastify JSON error replies', async (t) => {
  @Controller('/e')
  class Errors {
    @Get('/404')
    notFound() {
      throw new NotFound('User 3 not found')
    }
    @Get('/400')
    async badRequest() {
      throw new BadRequest()
    }
    @Get('/403')
    forbidden() {
      throw new Forbidden('Admins only', { code: 'ADMINS_ONLY' })
    }
    @Get('/409')
    conflict() {
      return Promise.reject(new Conflict('Email taken'))
    }
    @Get('/422')
    unprocessable() {
      throw new UnprocessableEntity('Unknown country')
    }
    @Get('/418')
    teapot() {
      throw new HttpError(418, "I'm a teapot")
    }
    @Get('/503')
    unavailable() {
      throw new ServiceUnavailable('Maintenance')
    }
  }
  const app = await appWith(t, { controllers: [Errors] })
  const cases: [string, number, string, string, string][] = [
    ['/e/404', 404, 'PORTICO_ERR_CORE_HTTP_NOT_FOUND', 'Not Found', 'User 3 not found'],
    ['/e/400', 400, 'PORTICO_ERR_CORE_HTTP_BAD_REQUEST', 'Bad Request', 'Bad Request'],
    ['/e/403', 403, 'ADMINS_ONLY', 'Forbidden', 'Admins only'],
    ['/e/409', 409, 'PORTICO_ERR_CORE_HTTP_CONFLICT', 'Conflict', 'Email taken'],
    ['/e/422', 422, 'PORTICO_ERR_CORE_HTTP_UNPROCESSABLE_ENTITY', 'Unprocessable Entity', 'Unknown country'],
    ['/e/418', 418, 'PORTICO_ERR_CORE_HTTP_I_M_A_TEAPOT', "I'm a Teapot", "I'm a teapot"],
    ['/e/503', 503, 'PORTICO_ERR_CORE_HTTP_SERVICE_UNAVAILABLE', 'Service Unavailable', 'Maintenance'],
  ]
  for (const [url, statusCode, code, error, message] of cases) {
    const res = await app.inject(url)
    assert.equal(res.statusCode, statusCode, url)
    assert.match(res.headers['content-type'] as string, /application\/json/)
    assert.deepEqual(res.json(), { statusCode, code, error, message }, url)
  }
})

test('HTTP error classes: instanceof follows the class hierarchy; status must be 4xx/5xx', () => {
  const err = new NotFound('x')
  assert.ok(err instanceof NotFound)
  assert.ok(err instanceof HttpError)
  assert.ok(err instanceof Error)
  assert.equal(err instanceof BadRequest, false)
  assert.equal(err.name, 'NotFound')
  assert.equal(err.statusCode, 404)
  assert.throws(() => new HttpError(200, 'ok'), RangeError)
  const cause = new Error('db down')
  assert.equal(new ServiceUnavailable('later', { cause }).cause, cause)
})

test('two handlers on the same method and path fail at startup naming both', async () => {
  @Controller('/users')
  class A {
    @Get('/:id', { params: Type.Object({ id: Type.String() }) })
    find() {}
  }
  @Controller()
  class B {
    @Get('/users/:userId', { params: Type.Object({ userId: Type.String() }) })
    show() {}
  }
  const err = await startupError({ controllers: [A, B] })
  assert.equal(err.code, 'PORTICO_ERR_CORE_ROUTE_DUPLICATE')
  assert.equal(err.message, 'Two handlers for GET /users/:userId: A.find and B.show')
})

test('@All claims every method: a @Get on the same path is a duplicate', async () => {
  @Controller('/x')
  class AnyMethod {
    @All()
    any() {}
    @Get()
    get() {}
  }
  const err = await startupError({ controllers: [AnyMethod] })
  assert.equal(err.code, 'PORTICO_ERR_CORE_ROUTE_DUPLICATE')
  assert.equal(err.message, 'Two handlers for GET /x: AnyMethod.any and AnyMethod.get')
})

test('a parameter decorator without the schema it needs fails at startup naming the place', async () => {
  @Controller()
  class NoBody {
    @Post('/')
    create(@Body() body: any) {
      return body
    }
  }
  let err = await startupError({ controllers: [NoBody] })
  assert.equal(err.code, 'PORTICO_ERR_CORE_PARAM_SCHEMA_MISSING')
  assert.equal(err.message, 'NoBody.create parameter #0 uses @Body() but the route declares no `body` schema')

  @Controller()
  class NoQuery {
    @Get('/')
    list(@Query() query: any) {
      return query
    }
  }
  err = await startupError({ controllers: [NoQuery] })
  assert.match(
    err.message,
    /NoQuery.list parameter #0 uses @Query\(\) but the route declares no `querystring` schema/,
  )

  @Controller()
  class NoParams {
    @Get('/:id')
    find(@Params() params: any) {
      return params
    }
  }
  err = await startupError({ controllers: [NoParams] })
  assert.match(
    err.message,
    /NoParams.find parameter #0 uses @Params\(\) but the route declares no `params` schema/,
  )

  const Id = Type.Object({ id: Type.String() })
  @Controller()
  class WrongParam {
    @Get('/:id', { params: Id })
    find(@Param('id') _id: string, @Param('slug') slug: any) {
      return slug
    }
  }
  err = await startupError({ controllers: [WrongParam] })
  assert.equal(
    err.message,
    "WrongParam.find parameter #1 uses @Param('slug') but the `params` schema has no `slug` property",
  )

  @Controller('/things')
  class ParamNotInPath {
    @Get('/', { params: Id })
    find(@Param('id') id: Static<typeof Id>['id']) {
      return id
    }
  }
  err = await startupError({ controllers: [ParamNotInPath] })
  assert.match(
    err.message,
    /ParamNotInPath.find parameter #0 uses @Param\('id'\) but the path '\/things\/' has no :id/,
  )

  @Controller()
  class WrongHeader {
    @Get('/', { headers: Type.Object({ 'x-a': Type.String() }) })
    find(@Header('X-B') b: any) {
      return b
    }
  }
  err = await startupError({ controllers: [WrongHeader] })
  assert.match(
    err.message,
    /WrongHeader.find parameter #0 uses @Header\('X-B'\) but the `headers` schema has no `x-b`/,
  )
})

test('a handler parameter without a decorator fails at startup', async () => {
  @Controller()
  class Undecorated {
    @Post('/', { body: Type.Object({}) })
    create(@Body() _body: object, extra: any) {
      return extra
    }
  }
  const err = await startupError({ controllers: [Undecorated] })
  assert.equal(err.code, 'PORTICO_ERR_CORE_PARAM_INVALID')
  assert.match(err.message, /Undecorated.create parameter #1 has no parameter decorator/)
})

test('two parameter decorators on one parameter, or two route decorators on one method, fail early', () => {
  assert.throws(
    () => {
      @Controller()
      class _Twice {
        @Get('/', { body: Type.Object({}) })
        get(@Body() @Query() body: any) {
          return body
        }
      }
    },
    {
      code: 'PORTICO_ERR_CORE_PARAM_INVALID',
      message: /_Twice.get parameter #0 has two parameter decorators/,
    },
  )
  assert.throws(
    () => {
      @Controller()
      class _TwoRoutes {
        @Get('/a')
        @Get('/b')
        get() {}
      }
    },
    {
      code: 'PORTICO_ERR_CORE_ROUTE_INVALID',
      message: /_TwoRoutes.get: a method can carry one route decorator only/,
    },
  )
})

test('an invalid schema fails at startup naming the schema and the handler', async () => {
  @Controller()
  class BadSchemas {
    @Post('/', { body: 'string' as never })
    create() {}
  }
  let err = await startupError({ controllers: [BadSchemas] })
  assert.equal(err.code, 'PORTICO_ERR_CORE_SCHEMA_INVALID')
  assert.match(err.message, /Invalid body schema on BadSchemas.create: expected a JSON schema object/)

  @Controller()
  class BadType {
    @Get('/', { querystring: { type: 'strnig' } as never })
    list() {}
  }
  err = await startupError({ controllers: [BadType] })
  assert.match(
    err.message,
    /Invalid querystring schema on BadType.list: `type` "strnig" is not a JSON schema type/,
  )

  @Controller()
  class BadResponse {
    @Get('/', { response: { ok: Type.String() } as never })
    list() {}
  }
  err = await startupError({ controllers: [BadResponse] })
  assert.match(err.message, /Invalid response schema on BadResponse.list: key "ok" is not a status code/)

  @Controller()
  class BadStatus {
    @Get('/', { status: 42 })
    list() {}
  }
  err = await startupError({ controllers: [BadStatus] })
  assert.match(err.message, /Invalid route BadStatus.list: status 42 is not an HTTP status code/)
})

test('a model shared by many routes is checked once, and a broken one is still named where it is used', async () => {
  const Item = Type.Object({ name: Type.String() })
  const Broken = { ...Type.Object({ name: Type.String() }), properties: 'nope' }
  @Controller('/items')
  class Items {
    @Get('/a', { response: { 200: Item } })
    a() {
      return { name: 'a' }
    }
    @Post('/b', { body: Item, response: { 200: Item } })
    b(@Body() body: Static<typeof Item>) {
      return body
    }
    @Post('/c', { body: Item, response: { 201: Broken as never } })
    c() {}
  }
  const err = await startupError({ controllers: [Items] })
  assert.equal(err.code, 'PORTICO_ERR_CORE_SCHEMA_INVALID')
  assert.match(err.message, /Invalid response 201 schema on Items.c: `properties` must be an object/)
})

test('a class without @Controller, or bad options, fail at startup', async () => {
  class Plain {}
  let err = await startupError({ controllers: [Plain] })
  assert.equal(err.code, 'PORTICO_ERR_CORE_CONTROLLER_NOT_DECORATED')
  assert.match(err.message, /^Plain is not a controller: decorate it with @Controller\(\)/)
  err = await startupError({ controllers: 'nope' as never })
  assert.equal(err.code, 'PORTICO_ERR_CORE_OPTION_INVALID')
  assert.match(err.message, /Invalid option `controllers`/)
})

test('a failed startup leaves no route behind', async () => {
  @Controller()
  class Good {
    @Get('/good')
    good() {
      return 'ok'
    }
  }
  class Plain {}
  const app = Fastify()
  await assert.rejects(async () => {
    await app.register(portico, { controllers: [Good, Plain] })
    await app.ready()
  }, /Plain is not a controller/)
  assert.equal(app.hasRoute({ method: 'GET', url: '/good' }), false)
})
