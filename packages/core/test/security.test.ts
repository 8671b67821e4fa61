import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  ApiKey,
  Body,
  Controller,
  Depends,
  dependency,
  Get,
  Header,
  HttpBasic,
  HttpBearer,
  Injectable,
  inject,
  OAuth2PasswordBearer,
  Post,
  type Resolved,
  Security,
} from '@portico/core'
import { Type } from '@sinclair/typebox'
import Fastify from 'fastify'
import { appWith } from './helpers.js'

// The security schemes through inject: credentials parsed as FastAPI parses them, 401 with the
// scheme's challenge, autoError: false, 403 for missing scopes, 401 before body validation, and the
// route documentation core puts on the Fastify route.

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64')

test('HttpBearer: the token of Authorization: Bearer, 401 with WWW-Authenticate: Bearer', async (t) => {
  const bearer = new HttpBearer()
  @Controller()
  class Api {
    @Get('/token')
    token(@Depends(bearer) token: Resolved<typeof bearer>) {
      return { token }
    }
  }
  const app = await appWith(t, { controllers: [Api] })
  for (const authorization of ['Bearer abc', 'bearer abc', 'BEARER abc']) {
    const ok = await app.inject({ url: '/token', headers: { authorization } })
    assert.deepEqual(ok.json(), { token: 'abc' }, authorization)
  }
  for (const headers of [
    {},
    { authorization: 'Basic abc' },
    { authorization: 'Bearer' },
    { authorization: '' },
  ]) {
    const denied = await app.inject({ url: '/token', headers })
    assert.equal(denied.statusCode, 401, JSON.stringify(headers))
    assert.equal(denied.headers['www-authenticate'], 'Bearer')
    assert.equal(denied.json().message, 'Not authenticated')
  }
})

test('autoError: false resolves to undefined instead of answering 401', async (t) => {
  const bearer = new HttpBearer({ autoError: false })
  const basic = new HttpBasic({ autoError: false })
  const key = new ApiKey({ in: 'query', keyName: 'key', autoError: false })
  const oauth2 = new OAuth2PasswordBearer({ tokenUrl: 'token', autoError: false })
  @Controller()
  class Api {
    @Get('/optional')
    optional(
      @Depends(bearer) token: Resolved<typeof bearer>,
      @Depends(basic) credentials: Resolved<typeof basic>,
      @Depends(key) apiKey: Resolved<typeof key>,
      @Depends(oauth2) oauthToken: Resolved<typeof oauth2>,
    ) {
      return { anonymous: [token, credentials, apiKey, oauthToken].every((v) => v === undefined) }
    }
  }
  const app = await appWith(t, { controllers: [Api] })
  assert.deepEqual((await app.inject('/optional')).json(), { anonymous: true })
})

test('HttpBasic: username and password, realm in the challenge, invalid credentials', async (t) => {
  const basic = new HttpBasic({ realm: 'admin "area"' })
  const plain = new HttpBasic({ name: 'plainBasic' })
  @Controller()
  class Api {
    @Get('/basic')
    get(@Depends(basic) credentials: Resolved<typeof basic>) {
      return credentials
    }
    @Get('/plain')
    plain(@Depends(plain) credentials: Resolved<typeof plain>) {
      return credentials
    }
  }
  const app = await appWith(t, { controllers: [Api] })
  const ok = await app.inject({ url: '/basic', headers: { authorization: `Basic ${b64('ada:pa:ss')}` } })
  assert.deepEqual(ok.json(), { username: 'ada', password: 'pa:ss' })
  const missing = await app.inject('/basic')
  assert.equal(missing.statusCode, 401)
  assert.equal(missing.headers['www-authenticate'], 'Basic realm="admin \\"area\\""')
  assert.equal(missing.json().message, 'Not authenticated')
  const invalid = await app.inject({ url: '/basic', headers: { authorization: `Basic ${b64('nocolon')}` } })
  assert.equal(invalid.statusCode, 401)
  assert.equal(invalid.json().message, 'Invalid authentication credentials')
  const noRealm = await app.inject('/plain')
  assert.equal(noRealm.headers['www-authenticate'], 'Basic')
})

test('ApiKey in a header, a query parameter and a cookie (with or without @fastify/cookie)', async (t) => {
  const inHeader = new ApiKey({ in: 'header', keyName: 'X-API-Key' })
  const inQuery = new ApiKey({ in: 'query', keyName: 'api_key' })
  const inCookie = new ApiKey({ in: 'cookie', keyName: 'session' })
  @Controller()
  class Api {
    @Get('/header')
    header(@Depends(inHeader) key: Resolved<typeof inHeader>) {
      return { key }
    }
    @Get('/query')
    query(@Depends(inQuery) key: Resolved<typeof inQuery>) {
      return { key }
    }
    @Get('/cookie')
    cookie(@Depends(inCookie) key: Resolved<typeof inCookie>) {
      return { key }
    }
  }
  const app = await appWith(t, { controllers: [Api] })
  assert.deepEqual((await app.inject({ url: '/header', headers: { 'x-api-key': 'k1' } })).json(), {
    key: 'k1',
  })
  assert.deepEqual((await app.inject('/query?api_key=k2')).json(), { key: 'k2' })
  assert.deepEqual((await app.inject('/query?api_key=a&api_key=b')).json(), { key: 'b' })
  const cookie = await app.inject({ url: '/cookie', headers: { cookie: 'theme=dark; session=k%203' } })
  assert.deepEqual(cookie.json(), { key: 'k 3' })
  for (const url of ['/header', '/query', '/query?api_key=', '/cookie']) {
    const denied = await app.inject({ url, headers: { cookie: 'other=1' } })
    assert.equal(denied.statusCode, 401, url)
    assert.equal(denied.headers['www-authenticate'], 'APIKey', url)
    assert.equal(denied.json().message, 'Not authenticated')
  }

  // With @fastify/cookie registered, request.cookies is read (here: unsigned values as parsed).
  const withPlugin = Fastify()
  t.after(() => withPlugin.close())
  await withPlugin.register((await import('@fastify/cookie')).default)
  await withPlugin.register((await import('@portico/core')).portico, { controllers: [Api] })
  const viaPlugin = await withPlugin.inject({ url: '/cookie', headers: { cookie: 'session=k4' } })
  assert.deepEqual(viaPlugin.json(), { key: 'k4' })
})

@Injectable()
class Users {
  readonly #tokens = new Map([
    ['reader', { name: 'Rita', scopes: ['books:read'] }],
    ['writer', { name: 'Will', scopes: ['books:read', 'books:write'] }],
  ])
  byToken(token: string) {
    return this.#tokens.get(token)
  }
}

const oauth2 = new OAuth2PasswordBearer({
  tokenUrl: 'token',
  scopes: { 'books:read': 'Read books', 'books:write': 'Add books' },
})
const currentUser = dependency(
  { token: oauth2, users: inject(Users) },
  function currentUser({ token, users }) {
    const user = users.byToken(token)
    if (user === undefined) throw Object.assign(new Error('Invalid token'), { statusCode: 401 })
    return user
  },
)
const NewBook = Type.Object({ title: Type.String({ minLength: 1 }) })

@Controller()
class Books {
  @Get('/books')
  list(@Security(currentUser, ['books:read']) user: Resolved<typeof currentUser>) {
    return { user: user.name }
  }
  @Post('/books', { body: NewBook })
  create(
    @Security(currentUser, ['books:write']) user: Resolved<typeof currentUser>,
    @Body() book: { title: string },
  ) {
    return { by: user.name, title: book.title }
  }
}

test('scopes: a user lacking one gets 403 Not enough permissions, with the OAuth2 challenge', async (t) => {
  const app = await appWith(t, { controllers: [Books], providers: [Users] })
  const read = await app.inject({ url: '/books', headers: { authorization: 'Bearer reader' } })
  assert.deepEqual(read.json(), { user: 'Rita' })
  const denied = await app.inject({
    method: 'POST',
    url: '/books',
    headers: { authorization: 'Bearer reader' },
    payload: { title: 'Dune' },
  })
  assert.equal(denied.statusCode, 403)
  assert.equal(denied.json().message, 'Not enough permissions')
  assert.equal(denied.headers['www-authenticate'], 'Bearer scope="books:write"')
  const allowed = await app.inject({
    method: 'POST',
    url: '/books',
    headers: { authorization: 'Bearer writer' },
    payload: { title: 'Dune' },
  })
  assert.deepEqual(allowed.json(), { by: 'Will', title: 'Dune' })
})

test('401 comes before body validation: an anonymous invalid body gets 401, not 400', async (t) => {
  const app = await appWith(t, { controllers: [Books], providers: [Users] })
  const anonymous = await app.inject({ method: 'POST', url: '/books', payload: { title: '' } })
  assert.equal(anonymous.statusCode, 401)
  assert.equal(anonymous.headers['www-authenticate'], 'Bearer')
  const invalid = await app.inject({
    method: 'POST',
    url: '/books',
    headers: { authorization: 'Bearer writer' },
    payload: { title: '' },
  })
  assert.equal(invalid.statusCode, 400)
})

test('routes carry the requirement with scopes and the schemes their dependencies reach', async (t) => {
  const routes: { url: string; method: unknown; schema: any; config: any }[] = []
  const app = Fastify()
  t.after(() => app.close())
  app.addHook('onRoute', (route) => {
    routes.push(route as never)
  })
  const keyScheme = { name: 'partnerKey', scheme: { type: 'apiKey', in: 'header', name: 'x-partner' } }
  // A user-written dependency declaring the scheme it implements.
  const partner = dependency(
    { request: (await import('@portico/core')).request() },
    ({ request }) => request.headers['x-partner'] ?? 'none',
    { name: 'partner', securityScheme: keyScheme },
  )
  @Controller()
  class Partners {
    @Get('/p')
    get(@Depends(partner) key: Resolved<typeof partner>) {
      return { key }
    }
  }
  await app.register((await import('@portico/core')).portico, {
    controllers: [Books, Partners],
    providers: [Users],
  })
  await app.ready()
  const post = routes.find((r) => r.url === '/books' && r.method === 'POST')!
  assert.deepEqual(post.schema.security, [{ OAuth2PasswordBearer: ['books:write'] }])
  assert.deepEqual(post.config.portico.securitySchemes, {
    OAuth2PasswordBearer: {
      type: 'oauth2',
      flows: {
        password: { tokenUrl: 'token', scopes: { 'books:read': 'Read books', 'books:write': 'Add books' } },
      },
    },
  })
  const own = routes.find((r) => r.url === '/p')!
  assert.deepEqual(own.schema.security, [{ partnerKey: [] }])
  assert.deepEqual(own.config.portico.securitySchemes, { partnerKey: keyScheme.scheme })
})

test('a user lacking the scope gets 403 before body validation too', async (t) => {
  const app = await appWith(t, { controllers: [Books], providers: [Users] })
  const denied = await app.inject({
    method: 'POST',
    url: '/books',
    headers: { authorization: 'Bearer reader' },
    payload: { title: '' },
  })
  assert.equal(denied.statusCode, 403)
})

test('optional schemes, a class with a static securityScheme, a scheme subclass: what routes declare', async (t) => {
  const routes: { url: string; schema: any; config: any }[] = []
  const optionalBearer = new HttpBearer({ autoError: false })
  const optionalKey = new ApiKey({ in: 'header', keyName: 'x-api-key', autoError: false })
  const caller = dependency(
    { token: optionalBearer, key: optionalKey },
    ({ token, key }) => token ?? key ?? 'anonymous',
  )
  class Jwt extends HttpBearer {
    constructor() {
      super({ name: 'jwt', description: 'A JWT' })
    }
  }
  const jwt = new Jwt()
  @Injectable()
  class SessionUser {
    static readonly securityScheme = {
      name: 'session',
      scheme: { type: 'apiKey', in: 'cookie', name: 'sid' },
    }
    resolve(@Header('cookie') cookie: string | undefined) {
      return cookie ?? 'none'
    }
  }
  @Controller()
  class Api {
    @Get('/caller')
    caller(@Depends(caller) who: Resolved<typeof caller>) {
      return { who }
    }
    @Get('/jwt')
    jwt(@Depends(jwt) token: Resolved<typeof jwt>) {
      return { token }
    }
    @Get('/session')
    session(@Depends(SessionUser) user: Resolved<typeof SessionUser>) {
      return { user }
    }
    @Get('/own', { security: [{ custom: [] }] })
    own(@Depends(jwt) token: Resolved<typeof jwt>) {
      return { token }
    }
  }
  const app = Fastify()
  t.after(() => app.close())
  app.addHook('onRoute', (route) => {
    routes.push(route as never)
  })
  await app.register((await import('@portico/core')).portico, { controllers: [Api] })
  await app.ready()
  const of = (url: string) => routes.find((r) => r.url === url)!
  assert.deepEqual((await app.inject('/caller')).json(), { who: 'anonymous' })
  assert.deepEqual((await app.inject({ url: '/caller', headers: { 'x-api-key': 'k' } })).json(), { who: 'k' })
  // Every scheme reached is declared; a route's own `security` is kept.
  assert.deepEqual(Object.keys(of('/caller').config.portico.securitySchemes), ['HTTPBearer', 'APIKeyHeader'])
  assert.deepEqual(of('/own').schema.security, [{ custom: [] }])
  assert.deepEqual(Object.keys(of('/own').config.portico.securitySchemes), ['jwt'])
  assert.deepEqual(of('/jwt').config.portico.securitySchemes, {
    jwt: { type: 'http', scheme: 'bearer', description: 'A JWT' },
  })
  assert.deepEqual(of('/session').config.portico.securitySchemes, {
    session: SessionUser.securityScheme.scheme,
  })
  assert.deepEqual(of('/session').schema.security, [{ session: [] }])
  assert.equal((await app.inject('/jwt')).statusCode, 401)
})

test('scopes accumulate from the controller and the route; tests override the user dependency', async (t) => {
  @Controller('/shelf', { dependencies: [Security(currentUser, ['books:read'])] })
  class Shelf {
    @Post('/', { dependencies: [Security(currentUser, ['books:write'])] })
    add() {
      return { ok: true }
    }
  }
  const routes: { url: string; schema: any }[] = []
  const app = Fastify()
  t.after(() => app.close())
  app.addHook('onRoute', (route) => {
    routes.push(route as never)
  })
  await app.register((await import('@portico/core')).portico, { controllers: [Shelf], providers: [Users] })
  await app.ready()
  const security = routes.find((r) => r.url === '/shelf/')!.schema.security
  assert.deepEqual(
    security.map((s: Record<string, string[]>) => s.OAuth2PasswordBearer?.sort()),
    [['books:read', 'books:write']],
  )
  const reader = await app.inject({
    method: 'POST',
    url: '/shelf/',
    headers: { authorization: 'Bearer reader' },
  })
  assert.equal(reader.statusCode, 403)
  const writer = await app.inject({
    method: 'POST',
    url: '/shelf/',
    headers: { authorization: 'Bearer writer' },
  })
  assert.equal(writer.statusCode, 200)

  // The user dependency replaced: no token needed, the override's scopes are checked.
  const overridden = await appWith(t, {
    controllers: [Shelf],
    providers: [Users],
    overrides: [{ provide: currentUser, useValue: { name: 'Test', scopes: ['books:read', 'books:write'] } }],
  })
  assert.equal((await overridden.inject({ method: 'POST', url: '/shelf/' })).statusCode, 200)
})
