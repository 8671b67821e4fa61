import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  Controller,
  Depends,
  dependency,
  Get,
  Header,
  header,
  Injectable,
  InjectionToken,
  inject,
  query,
  type Resolved,
} from '@portico/core'
import { Type } from '@sinclair/typebox'
import Fastify from 'fastify'
import { appWith, startupError } from './helpers.js'

// The `overrides` option (a dependency replaced per app; the original never runs) and the schemas
// dependency inputs merge into their routes.

let originalRuns = 0
const currentUser = dependency({ auth: header('authorization') }, function currentUser({ auth }) {
  originalRuns++
  return { name: String(auth) }
})
const GREETING = new InjectionToken<string>('GREETING')

@Injectable()
class ClassUser {
  resolve(@Header('x-user') name: string) {
    originalRuns++
    return { name }
  }
}

@Controller()
class Api {
  @Get('/me')
  me(@Depends(currentUser) user: Resolved<typeof currentUser>) {
    return user
  }
  @Get('/class')
  cls(@Depends(ClassUser) user: Resolved<typeof ClassUser>) {
    return user
  }
}

test('useValue, useFactory, useDependency and useClass replace a dependency; the original never runs', async (t) => {
  originalRuns = 0
  const byValue = await appWith(t, {
    controllers: [Api],
    overrides: [{ provide: currentUser, useValue: { name: 'v' } }],
  })
  assert.deepEqual((await byValue.inject({ url: '/me' })).json(), { name: 'v' })

  let calls = 0
  const byFactory = await appWith(t, {
    controllers: [Api],
    providers: [{ provide: GREETING, useValue: 'hi' }],
    overrides: [
      { provide: currentUser, useFactory: (g: string) => ({ name: `${g}${++calls}` }), inject: [GREETING] },
    ],
  })
  assert.deepEqual((await byFactory.inject({ url: '/me' })).json(), { name: 'hi1' })
  assert.deepEqual((await byFactory.inject({ url: '/me' })).json(), { name: 'hi2' })

  const other = dependency({ q: header('x-other') }, ({ q }) => ({ name: `other ${q}` }))
  const byDependency = await appWith(t, {
    controllers: [Api],
    overrides: [{ provide: currentUser, useDependency: other }],
  })
  assert.deepEqual((await byDependency.inject({ url: '/me', headers: { 'x-other': 'o' } })).json(), {
    name: 'other o',
  })

  @Injectable()
  class FakeUser {
    resolve() {
      return { name: 'fake' }
    }
  }
  const byClass = await appWith(t, {
    controllers: [Api],
    overrides: [{ provide: ClassUser, useClass: FakeUser }],
  })
  assert.deepEqual((await byClass.inject({ url: '/class' })).json(), { name: 'fake' })
  assert.equal(originalRuns, 0)
})

test('an override of a provider token replaces its singleton for the dependencies', async (t) => {
  const hello = dependency({ g: inject(GREETING) }, ({ g }) => g)
  @Controller()
  class Greet {
    @Get('/g')
    g(@Depends(hello) g: Resolved<typeof hello>) {
      return { g }
    }
  }
  const app = await appWith(t, {
    controllers: [Greet],
    providers: [{ provide: GREETING, useValue: 'hello' }],
    overrides: [{ provide: GREETING, useValue: 'bonjour' }],
  })
  assert.deepEqual((await app.inject({ url: '/g' })).json(), { g: 'bonjour' })
})

test('overrides entries are checked: unknown keys, none or several use* keys', async () => {
  let err = await startupError({
    controllers: [Api],
    overrides: [{ provide: currentUser, usevalue: 1 } as never],
  })
  assert.equal(err.code, 'PORTICO_ERR_CORE_OVERRIDE_OPTION_UNKNOWN')
  assert.match(
    err.message,
    /Unknown key `usevalue` in overrides\[0\] \(known: provide, useValue, useFactory, inject, useClass, useDependency\)/,
  )
  err = await startupError({ controllers: [Api], overrides: [{ provide: currentUser } as never] })
  assert.equal(err.code, 'PORTICO_ERR_CORE_OVERRIDE_INVALID')
  assert.match(err.message, /overrides\[0\] \(currentUser\): needs one of useValue/)
  err = await startupError({
    controllers: [Api],
    overrides: [{ provide: GREETING, useDependency: currentUser }],
  })
  assert.equal(err.code, 'PORTICO_ERR_CORE_OVERRIDE_INVALID')
})

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
