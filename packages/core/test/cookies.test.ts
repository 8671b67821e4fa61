import assert from 'node:assert/strict'
import { test } from 'node:test'
import fastifyCookie from '@fastify/cookie'
import {
  Controller,
  Cookie,
  Cookies,
  cookie,
  Depends,
  dependency,
  Get,
  portico,
  type Resolved,
} from '@portico/core'
import { type Static, Type } from '@sinclair/typebox'
import Fastify, { type RouteOptions } from 'fastify'
import { appWith, startupError } from './helpers.js'

const Page = Type.Integer({ minimum: 1, default: 1 })
const Lang = Type.Optional(Type.String())
const Session = Type.Object({ session: Type.String({ minLength: 3 }), visits: Type.Integer({ default: 0 }) })

@Controller('/c')
class CookieController {
  @Get('/raw')
  raw(@Cookie('theme') theme: string | undefined, @Cookies() all: Record<string, string>) {
    return { theme: theme ?? null, all }
  }

  @Get('/session', { cookies: Session })
  session(@Cookie('session') session: string, @Cookies() cookies: Static<typeof Session>) {
    return { session, visits: cookies.visits, type: typeof cookies.visits }
  }

  @Get('/in-place')
  inPlace(
    @Cookie('page', Page) page: Resolved<typeof Page>,
    @Cookie('lang', Lang) lang: Resolved<typeof Lang>,
  ) {
    return { page, type: typeof page, lang: lang ?? null }
  }

  @Get('/attached', { cookies: Session, attachValidation: true })
  attached(@Cookies() cookies: Record<string, unknown>) {
    return { cookies }
  }
}

@Controller('/json')
class JsonController {
  @Get('/')
  list() {
    return { ok: true }
  }
}

test('@Cookie(name) and @Cookies() read raw cookies without a schema', async (t) => {
  const app = await appWith(t, { controllers: [CookieController] })
  const res = await app.inject({ url: '/c/raw', headers: { cookie: 'theme=dark; other=1' } })
  assert.equal(res.statusCode, 200)
  assert.deepEqual(res.json(), { theme: 'dark', all: { theme: 'dark', other: '1' } })
  const none = await app.inject({ url: '/c/raw' })
  assert.deepEqual(none.json(), { theme: null, all: {} })
})

test('the `cookies` schema validates, coerces and fills defaults', async (t) => {
  const app = await appWith(t, { controllers: [CookieController] })
  const ok = await app.inject({ url: '/c/session', headers: { cookie: 'session=abcd; visits=3' } })
  assert.equal(ok.statusCode, 200)
  assert.deepEqual(ok.json(), { session: 'abcd', visits: 3, type: 'number' })
  const defaulted = await app.inject({ url: '/c/session', headers: { cookie: 'session=abcd' } })
  assert.deepEqual(defaulted.json(), { session: 'abcd', visits: 0, type: 'number' })
})

test('an invalid or missing cookie is a 400 validation error naming it, as for the querystring', async (t) => {
  const app = await appWith(t, { controllers: [CookieController] })
  const missing = await app.inject({ url: '/c/session' })
  assert.equal(missing.statusCode, 400)
  assert.deepEqual(missing.json(), {
    statusCode: 400,
    code: 'FST_ERR_VALIDATION',
    error: 'Bad Request',
    message: "cookies must have required property 'session'",
  })
  const short = await app.inject({ url: '/c/session', headers: { cookie: 'session=ab' } })
  assert.equal(short.statusCode, 400)
  assert.equal(short.json().message, 'cookies/session must NOT have fewer than 3 characters')
  const bad = await app.inject({ url: '/c/session', headers: { cookie: 'session=abcd; visits=many' } })
  assert.equal(bad.json().message, 'cookies/visits must be integer')
})

test('the validation error carries validation and validationContext "cookies" for error handlers', async (t) => {
  const app = Fastify()
  t.after(() => app.close())
  app.setErrorHandler(
    (error: Error & { validation?: unknown[]; validationContext?: string }, _request, reply) => {
      reply.code(422).send({ context: error.validationContext, count: error.validation?.length })
    },
  )
  await app.register(portico, { controllers: [CookieController] })
  const res = await app.inject({ url: '/c/session' })
  assert.equal(res.statusCode, 422)
  assert.deepEqual(res.json(), { context: 'cookies', count: 1 })
})

test('attachValidation: the handler runs with the cookie error in request.validationError', async (t) => {
  const app = await appWith(t, { controllers: [CookieController] })
  const res = await app.inject({ url: '/c/attached' })
  assert.equal(res.statusCode, 200)
})

test('@Cookie(name, schema) validates and documents the cookie in place', async (t) => {
  const routes: RouteOptions[] = []
  const app = Fastify()
  t.after(() => app.close())
  app.addHook('onRoute', (route) => void routes.push(route))
  await app.register(portico, { controllers: [CookieController] })
  const res = await app.inject({ url: '/c/in-place', headers: { cookie: 'page=4' } })
  assert.deepEqual(res.json(), { page: 4, type: 'number', lang: null })
  assert.deepEqual((await app.inject({ url: '/c/in-place' })).json(), { page: 1, type: 'number', lang: null })
  assert.equal((await app.inject({ url: '/c/in-place', headers: { cookie: 'page=0' } })).statusCode, 400)
  const cookies = (
    routes.find((r) => r.url === '/c/in-place' && r.method === 'GET')!.schema as { cookies: any }
  ).cookies
  assert.deepEqual(Object.keys(cookies.properties), ['page', 'lang'])
  // Defaulted and optional cookies are not required.
  assert.equal(cookies.required, undefined)
})

test('the route schema carries `cookies` (documented by @fastify/swagger as in: cookie)', async (t) => {
  const routes: RouteOptions[] = []
  const app = Fastify()
  t.after(() => app.close())
  app.addHook('onRoute', (route) => void routes.push(route))
  await app.register(portico, { controllers: [CookieController] })
  await app.ready()
  const route = routes.find((r) => r.url === '/c/session' && r.method === 'GET')!
  assert.equal((route.schema as { cookies: unknown }).cookies, Session)
})

test('routes without cookies get no cookie plugin, hook or decorator', async (t) => {
  const routes: RouteOptions[] = []
  const app = Fastify()
  t.after(() => app.close())
  app.addHook('onRoute', (route) => void routes.push(route))
  await app.register(portico, { controllers: [JsonController, CookieController] })
  await app.ready()
  const json = routes.find((r) => r.url === '/json/' && r.method === 'GET')!
  assert.equal(json.onRequest, undefined)
  assert.equal(json.preValidation, undefined)
  // @fastify/cookie lives in the cookie routes' own context, not the application's.
  assert.equal(app.hasDecorator('parseCookie'), false)
  assert.equal(app.hasReplyDecorator('setCookie'), false)
  const res = await app.inject({ url: '/json/', headers: { cookie: 'a=1' } })
  assert.equal(res.headers['set-cookie'], undefined)
  assert.deepEqual(res.json(), { ok: true })
})

test("the application's own @fastify/cookie is used, not registered twice (also with hook: false)", async (t) => {
  for (const options of [{}, { hook: false as const }]) {
    const app = Fastify()
    t.after(() => app.close())
    await app.register(fastifyCookie, { ...options, parseOptions: {} })
    await app.register(portico, { controllers: [CookieController] })
    const res = await app.inject({ url: '/c/session', headers: { cookie: 'session=abcd' } })
    assert.equal(res.statusCode, 200, JSON.stringify(options))
    assert.deepEqual(res.json(), { session: 'abcd', visits: 0, type: 'number' })
  }
})

test('startup: @Cookie(name) that the `cookies` schema does not declare', async () => {
  @Controller()
  class Bad {
    @Get('/', { cookies: Session })
    show(@Cookie('sesion') _s: string) {}
  }
  const error = await startupError({ controllers: [Bad] })
  assert.equal(error.code, 'PORTICO_ERR_CORE_PARAM_SCHEMA_MISSING')
  assert.match(
    error.message,
    /Bad\.show parameter #0 uses @Cookie\('sesion'\) but the `cookies` schema has no `sesion` property/,
  )
})

test('startup: a cookie with a schema both in place and in `cookies`', async () => {
  @Controller()
  class Twice {
    @Get('/', { cookies: Session })
    show(@Cookie('session', Type.String()) _s: string) {}
  }
  const error = await startupError({ controllers: [Twice] })
  assert.equal(error.code, 'PORTICO_ERR_CORE_ROUTE_INVALID')
  assert.match(
    error.message,
    /Twice\.show: the cookie `session` has a schema in @Cookie\('session'\) and in the `cookies` schema/,
  )
})

test('startup: a `cookies` option that is not a schema', async () => {
  @Controller()
  class NotSchema {
    @Get('/', { cookies: 'session' as never })
    show() {}
  }
  const error = await startupError({ controllers: [NotSchema] })
  assert.equal(error.code, 'PORTICO_ERR_CORE_SCHEMA_INVALID')
  assert.match(error.message, /cookies schema on NotSchema\.show/)
})

const sessionId = dependency({ sid: cookie('sid') }, ({ sid }) => sid ?? 'anonymous')
const visits = dependency({ n: cookie('n', Type.Integer({ minimum: 0 })) }, ({ n }) => n + 1)

@Controller('/deps')
class DependencyCookies {
  @Get('/sid')
  sid(@Depends(sessionId) sid: Resolved<typeof sessionId>) {
    return { sid }
  }

  @Get('/visits')
  visits(@Depends(visits) n: Resolved<typeof visits>) {
    return { n }
  }
}

test("a dependency's cookie(name) input is parsed on its routes; with a schema it is validated", async (t) => {
  const routes: RouteOptions[] = []
  const app = Fastify()
  t.after(() => app.close())
  app.addHook('onRoute', (route) => void routes.push(route))
  await app.register(portico, { controllers: [DependencyCookies] })
  assert.deepEqual((await app.inject({ url: '/deps/sid', headers: { cookie: 'sid=s1' } })).json(), {
    sid: 's1',
  })
  assert.deepEqual((await app.inject({ url: '/deps/sid' })).json(), { sid: 'anonymous' })
  assert.deepEqual((await app.inject({ url: '/deps/visits', headers: { cookie: 'n=2' } })).json(), { n: 3 })
  const bad = await app.inject({ url: '/deps/visits', headers: { cookie: 'n=-1' } })
  assert.equal(bad.statusCode, 400)
  assert.equal(bad.json().message, 'cookies/n must be >= 0')
  const schema = routes.find((r) => r.url === '/deps/visits' && r.method === 'GET')!.schema as {
    cookies: any
  }
  assert.deepEqual(schema.cookies.required, ['n'])
})
