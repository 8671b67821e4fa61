import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  Controller,
  Depends,
  dependency,
  Get,
  header,
  Injectable,
  portico,
  type Resolved,
  Security,
  type SecuritySchemeDeclaration,
  securityScopes,
  Unauthorized,
} from '@portico/core'
import Fastify from 'fastify'
import { appWith } from './helpers.js'

// @Security / Security(): scopes that accumulate, the automatic 403, and the route documentation
// (schema.security, config.portico.securitySchemes).

const oauth2Scheme: SecuritySchemeDeclaration = {
  name: 'OAuth2PasswordBearer',
  scheme: { type: 'oauth2', flows: { password: { tokenUrl: 'token', scopes: { 'books:write': 'write' } } } },
}
const token = dependency(
  { auth: header('authorization') },
  ({ auth }) => {
    if (!auth) throw new Unauthorized('Not authenticated')
    return auth.slice('Bearer '.length)
  },
  { name: 'oauth2', securityScheme: oauth2Scheme },
)
const seenScopes: string[][] = []
// Reads securityScopes(): sees the scopes of every Security() above it.
const probe = dependency({ s: securityScopes() }, function probe({ s }) {
  seenScopes.push(s.scopes)
})
const currentUser = dependency({ token, probe }, function currentUser({ token }) {
  return { name: token, scopes: token === 'admin' ? ['books:write', 'admin'] : ['books:read'] }
})

@Injectable()
class Admin {
  static readonly securityScheme: SecuritySchemeDeclaration = {
    name: 'adminKey',
    scheme: { type: 'apiKey', in: 'header', name: 'x-admin' },
  }
  resolve(@Security(currentUser, ['admin']) user: Resolved<typeof currentUser>) {
    return user
  }
}

@Controller('/books')
class Books {
  @Get('/mine')
  mine(@Depends(currentUser) user: Resolved<typeof currentUser>) {
    return { name: user.name }
  }
  @Get('/write', { dependencies: [Security(currentUser, ['books:write'])] })
  write() {
    return { ok: true }
  }
  @Get('/both')
  both(@Security(Admin, ['books:write']) user: Resolved<typeof Admin>) {
    return { name: user.name }
  }
  @Get('/declared', { security: [{ other: [] }], dependencies: [token] })
  declared() {
    return {}
  }
}

test('a missing scope answers 403 with WWW-Authenticate for OAuth2; scopes accumulate', async (t) => {
  const app = await appWith(t, { controllers: [Books] })
  const anonymous = await app.inject({ url: '/books/write' })
  assert.equal(anonymous.statusCode, 401)
  const reader = await app.inject({ url: '/books/write', headers: { authorization: 'Bearer reader' } })
  assert.equal(reader.statusCode, 403)
  assert.equal(reader.json().message, 'Not enough permissions')
  const admin = await app.inject({ url: '/books/write', headers: { authorization: 'Bearer admin' } })
  assert.equal(admin.statusCode, 200)

  seenScopes.length = 0
  const both = await app.inject({ url: '/books/both', headers: { authorization: 'Bearer admin' } })
  assert.deepEqual(both.json(), { name: 'admin' })
  assert.deepEqual(seenScopes, [['books:write', 'admin']])
  const notAdmin = await app.inject({ url: '/books/both', headers: { authorization: 'Bearer reader' } })
  assert.equal(notAdmin.statusCode, 403)
})

test('routes document the schemes their dependencies reach, with the scopes required', async (t) => {
  const app = Fastify()
  t.after(() => app.close())
  const routes: Record<
    string,
    { schema?: { security?: unknown }; config?: { portico?: { securitySchemes?: unknown } } }
  > = {}
  app.addHook('onRoute', (r) => {
    routes[r.url] = r as never
  })
  await app.register(portico, { controllers: [Books] })
  await app.ready()
  assert.deepEqual(routes['/books/mine']!.schema!.security, [{ OAuth2PasswordBearer: [] }])
  assert.deepEqual(routes['/books/write']!.schema!.security, [{ OAuth2PasswordBearer: ['books:write'] }])
  assert.deepEqual(routes['/books/both']!.schema!.security, [
    { OAuth2PasswordBearer: ['books:write', 'admin'], adminKey: ['books:write'] },
  ])
  assert.deepEqual(Object.keys(routes['/books/both']!.config!.portico!.securitySchemes as object).sort(), [
    'OAuth2PasswordBearer',
    'adminKey',
  ])
  assert.deepEqual(
    (routes['/books/write']!.config!.portico!.securitySchemes as Record<string, unknown>)
      .OAuth2PasswordBearer,
    oauth2Scheme.scheme,
  )
  // The route's own `security` wins; the schemes are still listed for components.
  assert.deepEqual(routes['/books/declared']!.schema!.security, [{ other: [] }])
  assert.ok(routes['/books/declared']!.config!.portico!.securitySchemes)
})

test('the 403 of an OAuth2 scheme carries WWW-Authenticate with the required scopes', async (t) => {
  const app = await appWith(t, { controllers: [Books] })
  const write = await app.inject({ url: '/books/write', headers: { authorization: 'Bearer reader' } })
  assert.equal(write.statusCode, 403)
  assert.equal(write.headers['www-authenticate'], 'Bearer scope="books:write"')
  // Admin's own check (its value has the user's scopes) is below no OAuth2 scheme of its own but
  // reaches one through currentUser: the header names every scope required there.
  const both = await app.inject({ url: '/books/both', headers: { authorization: 'Bearer reader' } })
  assert.equal(both.statusCode, 403)
  assert.equal(both.headers['www-authenticate'], 'Bearer scope="books:write admin"')
})
