import assert from 'node:assert/strict'
import { test } from 'node:test'
import { CORE_DEFAULTS, Controller, Get, portico, type RouteOptions } from '@portico/core'
import { Type } from '@sinclair/typebox'
import Fastify from 'fastify'
import { appWith, startupError } from './helpers.js'

/** Options as a caller without types (or with a cast) could pass them. */
const untyped = (options: object) => options as RouteOptions

const ROUTE_KEYS =
  'body, querystring, params, headers, cookies, form, files, response, status, name, summary, description, tags, operationId, deprecated, hide, security, dependencies, ' +
  'config, bodyLimit, constraints, logLevel, logSerializers, attachValidation, exposeHeadRoute, errorHandler, ' +
  'schemaErrorFormatter, validatorCompiler, serializerCompiler, consumes, openapi'

test('CORE_DEFAULTS is frozen and keyed by options object', () => {
  assert.ok(Object.isFrozen(CORE_DEFAULTS))
  for (const group of [CORE_DEFAULTS.plugin, CORE_DEFAULTS.controller, CORE_DEFAULTS.route]) {
    assert.ok(Object.isFrozen(group))
  }
  assert.deepEqual(Object.keys(CORE_DEFAULTS), [
    'plugin',
    'override',
    'controller',
    'websocket',
    'settings',
    'httpBearer',
    'httpBasic',
    'apiKey',
    'oauth2PasswordBearer',
    'file',
    'media',
    'contentResponse',
    'response',
    'redirectResponse',
    'fileResponse',
    'eventStream',
    'route',
  ])
  assert.deepEqual(CORE_DEFAULTS.plugin, {
    controllers: [],
    providers: [],
    schemas: [],
    dependencies: [],
    overrides: [],
  })
  assert.ok(Object.isFrozen(CORE_DEFAULTS.plugin.controllers))
  assert.deepEqual(Object.keys(CORE_DEFAULTS.controller), ['tags', 'hooks', 'security', 'dependencies'])
  assert.equal(Object.keys(CORE_DEFAULTS.route).join(', '), ROUTE_KEYS)
  assert.equal(CORE_DEFAULTS.route.deprecated, false)
  assert.equal(CORE_DEFAULTS.route.hide, false)
})

test('an unknown route option fails at startup naming the key, Controller.method and the known keys', async () => {
  const User = Type.Object({ name: Type.String() })
  @Controller('/users')
  class Users {
    @Get('/', untyped({ summary: 'List', respones: { 200: User } }))
    list() {
      return []
    }
  }
  const err = await startupError({ controllers: [Users] })
  assert.equal(err.code, 'PORTICO_ERR_CORE_ROUTE_OPTION_UNKNOWN')
  assert.equal(err.message, `Unknown route option \`respones\` on Users.list (known: ${ROUTE_KEYS})`)
})

test('an unknown option inherited from a base controller is named on the subclass that registers it', async () => {
  @Controller('/base')
  class Base {
    @Get('/', untyped({ hidden: true }))
    list() {
      return []
    }
  }
  @Controller('/sub')
  class Sub extends Base {}
  const err = await startupError({ controllers: [Sub] })
  assert.equal(err.code, 'PORTICO_ERR_CORE_ROUTE_OPTION_UNKNOWN')
  assert.match(err.message, /^Unknown route option `hidden` on Sub\.list /)
})

test('an unknown @Controller() option fails at startup naming the key, the class and the known keys', async () => {
  @Controller('/admin', { tag: ['admin'] } as never)
  class Admin {
    @Get('/')
    home() {
      return 'ok'
    }
  }
  const err = await startupError({ controllers: [Admin] })
  assert.equal(err.code, 'PORTICO_ERR_CORE_CONTROLLER_OPTION_UNKNOWN')
  assert.equal(
    err.message,
    'Unknown option `tag` in @Controller() of Admin (known: tags, hooks, security, dependencies)',
  )
})

test('a @Controller() prefix that is not a string, or options that are not an object, fail when decorated', () => {
  assert.throws(
    () => {
      @Controller(42 as never)
      class _NumberPrefix {}
    },
    { code: 'PORTICO_ERR_CORE_CONTROLLER_INVALID', message: /_NumberPrefix: the prefix must be a string/ },
  )
  assert.throws(
    () => {
      @Controller('/x', null as never)
      class _NullOptions {}
    },
    { code: 'PORTICO_ERR_CORE_CONTROLLER_INVALID', message: /_NullOptions: the options must be an object/ },
  )
})

test('an unknown portico plugin option fails at startup naming the key and the known keys', async () => {
  @Controller()
  class C {
    @Get('/')
    get() {
      return 'ok'
    }
  }
  const err = await startupError({ controller: [C] } as never)
  assert.equal(err.code, 'PORTICO_ERR_CORE_OPTION_UNKNOWN')
  assert.equal(
    err.message,
    'Unknown option `controller` of the portico plugin (known: controllers, providers, schemas, dependencies, overrides)',
  )
})

test("Fastify's own register options are not unknown portico options", async (t) => {
  @Controller('/c')
  class C {
    @Get('/')
    get() {
      return 'ok'
    }
  }
  const app = Fastify()
  t.after(() => app.close())
  await app.register(portico, { controllers: [C], prefix: '/ignored', logLevel: 'warn' } as never)
  await app.ready()
  assert.equal((await app.inject('/c/')).body, 'ok')
})

test('known options with their defaults still start', async (t) => {
  @Controller('/d', { tags: undefined, hooks: undefined, security: undefined })
  class D {
    @Get('/', untyped({ ...CORE_DEFAULTS.route }))
    get() {
      return 'ok'
    }
  }
  const app = await appWith(t, { ...CORE_DEFAULTS.plugin, controllers: [D] })
  const res = await app.inject('/d/')
  assert.equal(res.statusCode, 200)
  assert.equal(res.body, 'ok')
})
