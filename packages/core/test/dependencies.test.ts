import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  Body,
  body,
  Controller,
  Dependency,
  Depends,
  dependency,
  Get,
  Header,
  header,
  Injectable,
  InjectionToken,
  inject,
  Post,
  path,
  type Resolved,
  request,
  Unauthorized,
} from '@portico/core'
import { Type } from '@sinclair/typebox'
import Fastify from 'fastify'
import { appWith, startupError } from './helpers.js'

// The dependency engine: resolution once per request, sync and async, function and class
// dependencies, `dependencies` lists on route, controller and app, and the phases.

test('a function dependency reads a header; sync and async; resolved once per request', async (t) => {
  let calls = 0
  const token = dependency({ auth: header('authorization') }, ({ auth }) => {
    calls++
    if (!auth) throw new Unauthorized('Not authenticated')
    return auth.replace(/^Bearer /, '')
  })
  const user = dependency({ token }, async ({ token }) => ({ name: token.toUpperCase() }))
  const both = dependency({ token, user }, ({ token, user }) => `${token}/${user.name}`)

  @Controller()
  class Api {
    @Get('/me')
    me(
      @Depends(user) u: Resolved<typeof user>,
      @Depends(token) tk: Resolved<typeof token>,
      @Depends(both) b: Resolved<typeof both>,
    ) {
      return { name: u.name, token: tk, both: b }
    }
  }
  const app = await appWith(t, { controllers: [Api] })
  const ok = await app.inject({ url: '/me', headers: { authorization: 'Bearer abc' } })
  assert.equal(ok.statusCode, 200)
  assert.deepEqual(ok.json(), { name: 'ABC', token: 'abc', both: 'abc/ABC' })
  assert.equal(calls, 1)
  const anonymous = await app.inject({ url: '/me' })
  assert.equal(anonymous.statusCode, 401)
})

test('a class dependency: injectable, constructor gets singletons, resolve per request with decorators', async (t) => {
  @Injectable()
  class Users {
    byToken(token: string) {
      return { id: token.length, token }
    }
  }
  @Injectable()
  class CurrentUser {
    constructor(private readonly users: Users) {}
    resolve(@Header('x-token') token: string) {
      return this.users.byToken(token)
    }
  }
  const greeting = dependency({ user: CurrentUser }, ({ user }) => `hi ${user.id}`)
  @Controller('/c')
  class Api {
    @Get('/')
    get(
      @Depends(CurrentUser) user: Resolved<typeof CurrentUser>,
      @Depends(greeting) hi: Resolved<typeof greeting>,
    ) {
      return { user, hi }
    }
  }
  const app = await appWith(t, { controllers: [Api] })
  const res = await app.inject({ url: '/c/', headers: { 'x-token': 'abcd' } })
  assert.deepEqual(res.json(), { user: { id: 4, token: 'abcd' }, hi: 'hi 4' })
})

test('inject(token) gives the singleton; async dependencies chain', async (t) => {
  const PREFIX = new InjectionToken<string>('PREFIX')
  const slow = dependency({}, async () => {
    await new Promise((r) => setTimeout(r, 5))
    return 2
  })
  const label = dependency({ prefix: inject(PREFIX), n: slow }, async ({ prefix, n }) => `${prefix}${n}`)
  const after = dependency({ label }, ({ label }) => `${label}!`)
  @Controller()
  class Api {
    @Get('/x')
    x(@Depends(after) v: Resolved<typeof after>) {
      return { v }
    }
  }
  const app = await appWith(t, { controllers: [Api], providers: [{ provide: PREFIX, useValue: 'n=' }] })
  assert.deepEqual((await app.inject({ url: '/x' })).json(), { v: 'n=2!' })
})

test('dependencies lists on app, controller and route run in that order, as guards', async (t) => {
  const seen: string[] = []
  const mark = (name: string) =>
    dependency({ req: request() }, ({ req }) => void seen.push(`${name}:${req.url}`))
  const appGuard = mark('app')
  const controllerGuard = mark('controller')
  const routeGuard = mark('route')
  const deny = dependency({ key: header('x-key') }, ({ key }) => {
    if (key !== 'yes') throw new Unauthorized('bad key')
  })
  @Controller('/g', { dependencies: [controllerGuard] })
  class Api {
    @Get('/', { dependencies: [routeGuard, appGuard] })
    list() {
      return { ok: true }
    }
    @Get('/denied', { dependencies: [deny] })
    denied() {
      return { ok: true }
    }
  }
  const app = await appWith(t, { controllers: [Api], dependencies: [appGuard] })
  assert.deepEqual((await app.inject({ url: '/g/' })).json(), { ok: true })
  assert.deepEqual(seen, ['app:/g/', 'controller:/g/', 'route:/g/'])
  assert.equal((await app.inject({ url: '/g/denied' })).statusCode, 401)
  assert.equal((await app.inject({ url: '/g/denied', headers: { 'x-key': 'yes' } })).statusCode, 200)
})

test('dependencies that read no validated input run before validation: 401 before 400', async (t) => {
  const bearer = dependency({ auth: header('authorization') }, ({ auth }) => {
    if (!auth) throw new Unauthorized('Not authenticated')
    return auth
  })
  const order: string[] = []
  const needsBody = dependency({ b: request() }, ({ b }) => void order.push(`body:${typeof b.body}`))
  @Controller()
  class Api {
    @Post('/books', {
      body: Type.Object({ isbn: Type.String({ minLength: 10 }) }),
      dependencies: [needsBody],
    })
    create(@Depends(bearer) token: Resolved<typeof bearer>, @Body() book: { isbn: string }) {
      return { token, isbn: book.isbn }
    }
  }
  const app = await appWith(t, { controllers: [Api] })
  const anonymousInvalid = await app.inject({ method: 'POST', url: '/books', payload: { isbn: 1 } })
  assert.equal(anonymousInvalid.statusCode, 401)
  const invalid = await app.inject({
    method: 'POST',
    url: '/books',
    headers: { authorization: 't' },
    payload: {},
  })
  assert.equal(invalid.statusCode, 400)
  const ok = await app.inject({
    method: 'POST',
    url: '/books',
    headers: { authorization: 't' },
    payload: { isbn: '1234567890' },
  })
  assert.deepEqual(ok.json(), { token: 't', isbn: '1234567890' })
})

test('a dependency reading the validated body or a path parameter runs after validation', async (t) => {
  const calls: unknown[] = []
  const book = dependency({ id: path('id') }, ({ id }) => {
    calls.push(id)
    return { id }
  })
  @Controller()
  class Api {
    @Get('/books/:id', { params: Type.Object({ id: Type.Integer() }) })
    get(@Depends(book) b: Resolved<typeof book>) {
      return b
    }
  }
  const app = await appWith(t, { controllers: [Api] })
  assert.deepEqual((await app.inject({ url: '/books/7' })).json(), { id: 7 })
  assert.equal((await app.inject({ url: '/books/x' })).statusCode, 400)
  assert.deepEqual(calls, [7])
})

test('a route without dependencies gets no hook; one with pre-validation dependencies gets one', async (t) => {
  const guard = dependency({ k: header('x-k') }, () => undefined)
  @Controller()
  class Api {
    @Get('/plain', { params: Type.Object({}) })
    plain() {
      return {}
    }
    @Get('/guarded/:id', { params: Type.Object({ id: Type.Integer() }), dependencies: [guard] })
    guarded() {
      return {}
    }
    @Get('/unvalidated', { dependencies: [guard] })
    unvalidated() {
      return {}
    }
  }
  const app = Fastify()
  t.after(() => app.close())
  const routes: Record<string, { preValidation?: unknown; onResponse?: unknown }> = {}
  app.addHook('onRoute', (r) => {
    routes[r.url] = r as never
  })
  const { portico } = await import('@portico/core')
  await app.register(portico, { controllers: [Api] })
  await app.ready()
  assert.equal(routes['/plain']!.preValidation, undefined)
  assert.equal(routes['/plain']!.onResponse, undefined)
  assert.ok(Array.isArray(routes['/guarded/:id']!.preValidation))
  // Nothing to validate: everything runs inside the handler.
  assert.equal(routes['/unvalidated']!.preValidation, undefined)
})

test('a subclass of Dependency works like dependency()', async (t) => {
  class Bearer extends Dependency<string> {
    constructor() {
      super({ auth: header('authorization') }, ({ auth }: { auth?: string }) => {
        if (!auth) throw new Unauthorized('Not authenticated')
        return auth
      })
    }
  }
  const bearer = new Bearer()
  @Controller()
  class Api {
    @Get('/b')
    b(@Depends(bearer) token: Resolved<typeof bearer>) {
      return { token }
    }
  }
  const app = await appWith(t, { controllers: [Api] })
  assert.deepEqual((await app.inject({ url: '/b', headers: { authorization: 'x' } })).json(), { token: 'x' })
  assert.equal((await app.inject({ url: '/b' })).statusCode, 401)
})

test('startup errors name the route, the dependency and the input', async () => {
  const byId = dependency({ id: path('id') }, ({ id }) => id, { name: 'byId' })
  @Controller()
  class NoParam {
    @Get('/', { dependencies: [byId] })
    list() {}
  }
  let err = await startupError({ controllers: [NoParam] })
  assert.equal(err.code, 'PORTICO_ERR_CORE_DEPENDENCY_SCHEMA_MISSING')
  assert.match(err.message, /NoParam\.list: dependency byId input `id` \(path\('id'\)\)/)

  const a: Dependency<unknown> = dependency({ b: undefined as never }, function a() {})
  @Controller()
  class NotInput {
    @Get('/', { dependencies: [a] })
    list() {}
  }
  err = await startupError({ controllers: [NotInput] })
  assert.equal(err.code, 'PORTICO_ERR_CORE_DEPENDENCY_INPUT_INVALID')
  assert.match(err.message, /NotInput\.list: dependency a input `b`/)

  const inputs: Record<string, unknown> = {}
  const x = dependency(inputs as never, function x() {})
  const y = dependency({ x }, function y() {})
  inputs.y = y
  @Controller()
  class Cycle {
    @Get('/')
    list(@Depends(x) _x: unknown) {}
  }
  err = await startupError({ controllers: [Cycle] })
  assert.equal(err.code, 'PORTICO_ERR_CORE_DEPENDENCY_CIRCULAR')
  assert.match(err.message, /Cycle\.list: dependencies form a cycle: x -> y -> x/)

  class Plain {
    resolve() {
      return 1
    }
  }
  @Controller()
  class NotInjectable {
    @Get('/')
    list(@Depends(Plain) _p: Resolved<typeof Plain>) {}
  }
  err = await startupError({ controllers: [NotInjectable] })
  assert.equal(err.code, 'PORTICO_ERR_CORE_DEPENDENCY_CLASS_INVALID')
  assert.match(
    err.message,
    /NotInjectable\.list: dependency class Plain \(@Depends\(Plain\)\) is not @Injectable\(\)/,
  )

  @Injectable()
  class NoResolve {}
  @Controller()
  class NoResolveUser {
    @Get('/', { dependencies: [NoResolve as never] })
    list() {}
  }
  err = await startupError({ controllers: [NoResolveUser] })
  assert.equal(err.code, 'PORTICO_ERR_CORE_DEPENDENCY_CLASS_INVALID')
  assert.match(err.message, /has no resolve method/)
})

test('values from before validation reach async dependencies and the handler after it', async (t) => {
  const raw = dependency({ h: header('x-n') }, ({ h }) => Number(h))
  const doubled = dependency({ raw }, ({ raw }) => raw * 2)
  const plusBody = dependency({ doubled, b: body<{ n: number }>() }, async ({ doubled, b }) => doubled + b.n)
  @Controller()
  class Api {
    @Post('/sum', { body: Type.Object({ n: Type.Integer() }) })
    sum(@Depends(plusBody) total: Resolved<typeof plusBody>, @Depends(raw) r: Resolved<typeof raw>) {
      return { total, r }
    }
  }
  const app = await appWith(t, { controllers: [Api] })
  const res = await app.inject({ method: 'POST', url: '/sum', headers: { 'x-n': '5' }, payload: { n: 1 } })
  assert.deepEqual(res.json(), { total: 11, r: 5 })
})
