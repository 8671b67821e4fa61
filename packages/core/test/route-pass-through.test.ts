import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Body, Controller, Get, Head, Post, portico, type RouteOptions } from '@portico/core'
import { Type } from '@sinclair/typebox'
import Fastify, {
  type FastifyError,
  type FastifyReply,
  type FastifyRequest,
  type RouteOptions as FastifyRouteOptions,
} from 'fastify'
import { appWith, startupError } from './helpers.js'

/** Options as a caller without types (or with a cast) could pass them. */
const untyped = (options: object) => options as RouteOptions

/** The Fastify route options Portico registered, by url and method. */
async function registeredRoutes(controllers: Function[]): Promise<FastifyRouteOptions[]> {
  const app = Fastify()
  const routes: FastifyRouteOptions[] = []
  app.addHook('onRoute', (route) => {
    routes.push(route)
  })
  await app.register(portico, { controllers: controllers as never })
  await app.ready()
  await app.close()
  return routes
}

test('config is merged with config.portico, which it never overwrites', async (t) => {
  @Controller('/c')
  class C {
    @Get('/', { config: { rateLimit: { max: 5 } }, name: 'c.list' })
    list() {
      return 'ok'
    }
  }
  const [route] = await registeredRoutes([C])
  assert.deepEqual(route!.config, {
    rateLimit: { max: 5 },
    portico: { controller: 'C', handler: 'list', name: 'c.list' },
  })
  const app = await appWith(t, { controllers: [C] })
  assert.equal((await app.inject('/c/')).body, 'ok')

  @Controller('/d')
  class D {
    @Get('/', untyped({ config: { portico: { controller: 'X' } } }))
    list() {
      return 'ok'
    }
  }
  const err = await startupError({ controllers: [D] })
  assert.equal(err.code, 'PORTICO_ERR_CORE_ROUTE_INVALID')
  assert.match(err.message, /D\.list: `config\.portico` is Portico's own/)
})

test('bodyLimit, logLevel, constraints, attachValidation and errorHandler pass through to Fastify', async (t) => {
  const Item = Type.Object({ name: Type.String() })
  @Controller('/items')
  class Items {
    @Post('/', { body: Item, bodyLimit: 20 })
    create(@Body() item: { name: string }) {
      return item
    }

    @Get('/v', { constraints: { host: 'api.example.com' } })
    versioned() {
      return 'api host'
    }

    @Post('/lenient', {
      body: Item,
      attachValidation: true,
      logLevel: 'silent',
      errorHandler: (error: FastifyError, _request: FastifyRequest, reply: FastifyReply) => {
        reply.code(418).send({ handled: error.message })
      },
    })
    lenient(@Body() item: { name: string }) {
      if (item.name === 'boom') throw new Error('boom')
      return { got: item }
    }
  }
  const app = await appWith(t, { controllers: [Items] })
  const big = await app.inject({ method: 'POST', url: '/items/', payload: { name: 'x'.repeat(40) } })
  assert.equal(big.statusCode, 413)
  const small = await app.inject({ method: 'POST', url: '/items/', payload: { name: 'ok' } })
  assert.equal(small.statusCode, 200)
  assert.equal(
    (await app.inject({ url: '/items/v', headers: { host: 'other.example.com' } })).statusCode,
    404,
  )
  assert.equal((await app.inject({ url: '/items/v', headers: { host: 'api.example.com' } })).body, 'api host')
  // attachValidation: the handler runs with the invalid body.
  const invalid = await app.inject({ method: 'POST', url: '/items/lenient', payload: { other: 1 } })
  assert.equal(invalid.statusCode, 200)
  assert.deepEqual(invalid.json(), { got: { other: 1 } })
  const boom = await app.inject({ method: 'POST', url: '/items/lenient', payload: { name: 'boom' } })
  assert.equal(boom.statusCode, 418)
  assert.deepEqual(boom.json(), { handled: 'boom' })
  const routes = await registeredRoutes([Items])
  assert.equal(routes.find((r) => r.url === '/items/')!.bodyLimit, 20)
  const lenient = routes.find((r) => r.url === '/items/lenient')!
  assert.equal(lenient.logLevel, 'silent')
  assert.equal(lenient.attachValidation, true)
})

test('consumes and openapi go on the route schema, where the openapi plugin reads them', async () => {
  @Controller('/f')
  class F {
    @Post('/', {
      consumes: ['application/x-www-form-urlencoded'],
      openapi: { 'x-codeSamples': [{ lang: 'sh', source: 'curl' }] },
    })
    submit() {
      return 'ok'
    }
  }
  const [route] = await registeredRoutes([F])
  const schema = route!.schema as Record<string, unknown>
  assert.deepEqual(schema.consumes, ['application/x-www-form-urlencoded'])
  assert.deepEqual(schema.openapi, { 'x-codeSamples': [{ lang: 'sh', source: 'curl' }] })
})

test('invalid pass-through values fail at startup naming the route and the option', async () => {
  const cases: [object, RegExp][] = [
    [{ config: 'x' }, /`config` must be an object/],
    [{ bodyLimit: -1 }, /`bodyLimit` must be a positive integer/],
    [{ consumes: 'application/json' }, /`consumes` must be an array of media types/],
    [{ openapi: [] }, /`openapi` must be an object/],
    [{ errorHandler: 42 }, /`errorHandler` must be a function/],
  ]
  for (const [options, message] of cases) {
    @Controller('/x')
    class X {
      @Get('/', untyped(options))
      list() {
        return 'ok'
      }
    }
    const err = await startupError({ controllers: [X] })
    assert.equal(err.code, 'PORTICO_ERR_CORE_ROUTE_INVALID', JSON.stringify(options))
    assert.match(err.message, /X\.list/)
    assert.match(err.message, message)
  }
})

test('exposeHeadRoute: false leaves out the HEAD route; true next to an explicit @Head fails naming both', async (t) => {
  @Controller('/h')
  class H {
    @Get('/', { exposeHeadRoute: false })
    show() {
      return 'ok'
    }
  }
  const app = await appWith(t, { controllers: [H] })
  assert.equal((await app.inject({ method: 'HEAD', url: '/h/' })).statusCode, 404)

  @Controller('/k')
  class K {
    @Get('/', { exposeHeadRoute: true })
    show() {
      return 'ok'
    }

    @Head('/')
    probe() {}
  }
  const err = await startupError({ controllers: [K] })
  assert.equal(err.code, 'PORTICO_ERR_CORE_ROUTE_INVALID')
  assert.match(err.message, /K\.show: `exposeHeadRoute: true` but K\.probe declares HEAD on the same path/)
})
