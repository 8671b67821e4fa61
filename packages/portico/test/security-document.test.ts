import assert from 'node:assert/strict'
import { test } from 'node:test'
import { type Static, Type } from '@sinclair/typebox'
import {
  ApiKey,
  BadRequest,
  Body,
  Controller,
  createApp,
  Depends,
  dependency,
  Form,
  Get,
  getOpenApiDocument,
  HttpBasic,
  Injectable,
  inject,
  OAuth2PasswordBearer,
  OAuth2PasswordRequestForm,
  Post,
  type Resolved,
  request,
  Security,
  Unauthorized,
} from 'portico'

// The security schemes end to end: one declaration enforces (401/403, before validation) and
// documents (components.securitySchemes, per-operation requirements with scopes, 401/403 responses
// with the error body of the app's format), a user-written scheme-declaring dependency too.

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
const currentUser = dependency({ token: oauth2, users: inject(Users) }, ({ token, users }) => {
  const user = users.byToken(token)
  if (user === undefined) throw Object.assign(new Error('Invalid token'), { statusCode: 401 })
  return user
})
const admin = new HttpBasic({ realm: 'admin' })
// A scheme of its own: the dependency says which OpenAPI scheme it implements.
const partnerKey = dependency(
  { req: request() },
  ({ req }) => {
    const key = req.headers['x-partner-key']
    if (key !== 'p1') throw Object.assign(new Error('Unknown partner'), { statusCode: 401 })
    return key
  },
  {
    name: 'partnerKey',
    securityScheme: { name: 'partner', scheme: { type: 'apiKey', in: 'header', name: 'x-partner-key' } },
  },
)
const queryKey = new ApiKey({ in: 'query', keyName: 'api_key' })
const NewBook = Type.Object({ title: Type.String({ minLength: 1 }) })
const Book = Type.Object({ title: Type.String(), by: Type.String() })

@Controller()
class Books {
  @Get('/books', { response: { 200: Type.Object({ user: Type.String() }) } })
  list(@Security(currentUser, ['books:read']) user: Resolved<typeof currentUser>) {
    return { user: user.name }
  }
  @Post('/books', { body: NewBook, response: { 201: Book }, status: 201 })
  create(
    @Security(currentUser, ['books:write']) user: Resolved<typeof currentUser>,
    @Body() book: { title: string },
  ) {
    return { title: book.title, by: user.name }
  }
  @Get('/me')
  me(@Depends(currentUser) user: Resolved<typeof currentUser>) {
    return { user: user.name }
  }
  @Get('/admin')
  admin(@Depends(admin) credentials: Resolved<typeof admin>) {
    return { user: credentials.username }
  }
  @Get('/partner')
  partner(@Depends(partnerKey) key: Resolved<typeof partnerKey>) {
    return { key }
  }
  @Get('/search')
  search(@Depends(queryKey) key: Resolved<typeof queryKey>) {
    return { key }
  }
  @Get('/public')
  open() {
    return { ok: true }
  }
}

test('the document: schemes, requirements with scopes, 401/403 with the error body', async (t) => {
  const app = createApp({ controllers: [Books], providers: [Users] })
  t.after(() => app.close())
  const document = (await getOpenApiDocument(app)) as any
  assert.deepEqual(document.components.securitySchemes, {
    OAuth2PasswordBearer: {
      type: 'oauth2',
      flows: {
        password: { tokenUrl: 'token', scopes: { 'books:read': 'Read books', 'books:write': 'Add books' } },
      },
    },
    HTTPBasic: { type: 'http', scheme: 'basic' },
    partner: { type: 'apiKey', in: 'header', name: 'x-partner-key' },
    APIKeyQuery: { type: 'apiKey', in: 'query', name: 'api_key' },
  })
  const paths = document.paths
  assert.deepEqual(paths['/books'].get.security, [{ OAuth2PasswordBearer: ['books:read'] }])
  assert.deepEqual(paths['/books'].post.security, [{ OAuth2PasswordBearer: ['books:write'] }])
  assert.deepEqual(paths['/me'].get.security, [{ OAuth2PasswordBearer: [] }])
  assert.deepEqual(paths['/admin'].get.security, [{ HTTPBasic: [] }])
  assert.deepEqual(paths['/partner'].get.security, [{ partner: [] }])
  assert.equal(paths['/public'].get.security, undefined)

  const errorBody = { $ref: '#/components/schemas/HTTPError' }
  for (const [path, method] of [
    ['/books', 'get'],
    ['/books', 'post'],
    ['/me', 'get'],
    ['/admin', 'get'],
    ['/partner', 'get'],
    ['/search', 'get'],
  ] as const) {
    const responses = paths[path][method].responses
    assert.equal(responses['401'].description, 'Not authenticated', `${method} ${path}`)
    assert.deepEqual(responses['401'].content['application/json'].schema, errorBody)
  }
  assert.equal(paths['/books'].post.responses['403'].description, 'Not enough permissions')
  assert.deepEqual(paths['/books'].post.responses['403'].content['application/json'].schema, errorBody)
  assert.equal(paths['/me'].get.responses['403'], undefined)
  assert.equal(paths['/public'].get.responses['401'], undefined)
  assert.deepEqual(document.components.schemas.HTTPError.required, ['statusCode', 'error', 'message'])
  // The API key the scheme documents is not repeated as an operation parameter.
  assert.equal(paths['/search'].get.parameters, undefined)
})

test("errorFormat 'fastapi': 401 { detail } keeps WWW-Authenticate; the document says { detail }", async (t) => {
  const app = createApp({ controllers: [Books], providers: [Users], errorFormat: 'fastapi' })
  t.after(() => app.close())
  const anonymous = await app.inject({ method: 'POST', url: '/books', payload: { title: '' } })
  assert.equal(anonymous.statusCode, 401)
  assert.deepEqual(anonymous.json(), { detail: 'Not authenticated' })
  assert.equal(anonymous.headers['www-authenticate'], 'Bearer')
  const forbidden = await app.inject({
    method: 'POST',
    url: '/books',
    headers: { authorization: 'Bearer reader' },
    payload: { title: 'Dune' },
  })
  assert.equal(forbidden.statusCode, 403)
  assert.deepEqual(forbidden.json(), { detail: 'Not enough permissions' })
  assert.equal(forbidden.headers['www-authenticate'], 'Bearer scope="books:write"')
  const invalid = await app.inject({
    method: 'POST',
    url: '/books',
    headers: { authorization: 'Bearer writer' },
    payload: { title: '' },
  })
  assert.equal(invalid.statusCode, 422)
  const created = await app.inject({
    method: 'POST',
    url: '/books',
    headers: { authorization: 'Bearer writer' },
    payload: { title: 'Dune' },
  })
  assert.equal(created.statusCode, 201)
  assert.deepEqual(created.json(), { title: 'Dune', by: 'Will' })
  const basic = await app.inject('/admin')
  assert.equal(basic.headers['www-authenticate'], 'Basic realm="admin"')
  const document = (await getOpenApiDocument(app)) as any
  assert.deepEqual(document.components.schemas.HTTPError.required, ['detail'])
})

test('the OAuth2 tokenUrl stays relative behind a root path', async (t) => {
  const app = createApp({ controllers: [Books], providers: [Users], rootPath: '/api/v1' })
  t.after(() => app.close())
  const served = await app.inject('/openapi.json')
  const document = served.json()
  assert.equal(document.components.securitySchemes.OAuth2PasswordBearer.flows.password.tokenUrl, 'token')
  assert.deepEqual(document.servers, [{ url: '/api/v1' }])
})

test('the OAuth2 password flow as Swagger UI runs it: form to tokenUrl, then the bearer token', async (t) => {
  @Injectable()
  class Auth {
    readonly #tokens = new Map<string, { name: string; scopes: string[] }>()
    login(username: string, password: string, scopes: string[]) {
      if (username !== 'ada' || password !== 'secret') return undefined
      const token = `t${this.#tokens.size + 1}`
      this.#tokens.set(token, { name: username, scopes })
      return token
    }
    byToken(token: string) {
      return this.#tokens.get(token)
    }
  }
  const user = dependency({ token: oauth2, auth: inject(Auth) }, ({ token, auth }) => {
    const found = auth.byToken(token)
    if (found === undefined) throw new Unauthorized('Invalid token')
    return found
  })
  @Controller()
  class Login {
    constructor(private readonly auth: Auth) {}
    @Post('/token', { form: OAuth2PasswordRequestForm })
    token(@Form() form: Static<typeof OAuth2PasswordRequestForm>) {
      const token = this.auth.login(form.username, form.password, form.scope.split(' ').filter(Boolean))
      if (token === undefined) throw new BadRequest('Incorrect username or password')
      return { access_token: token, token_type: 'bearer' }
    }
    @Post('/books', { body: NewBook, status: 201 })
    create(@Security(user, ['books:write']) who: Resolved<typeof user>, @Body() book: { title: string }) {
      return { title: book.title, by: who.name }
    }
  }
  const app = createApp({ controllers: [Login], providers: [Auth] })
  t.after(() => app.close())
  const form = (fields: Record<string, string>) => ({
    method: 'POST' as const,
    url: '/token',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(fields).toString(),
  })
  const wrong = await app.inject(form({ grant_type: 'password', username: 'ada', password: 'nope' }))
  assert.equal(wrong.statusCode, 400)
  const readOnly = await app.inject(
    form({ grant_type: 'password', username: 'ada', password: 'secret', scope: 'books:read' }),
  )
  const readToken = readOnly.json().access_token
  const denied = await app.inject({
    method: 'POST',
    url: '/books',
    headers: { authorization: `Bearer ${readToken}` },
    payload: { title: 'Dune' },
  })
  assert.equal(denied.statusCode, 403)
  const granted = await app.inject(
    form({ grant_type: 'password', username: 'ada', password: 'secret', scope: 'books:read books:write' }),
  )
  assert.equal(granted.json().token_type, 'bearer')
  const created = await app.inject({
    method: 'POST',
    url: '/books',
    headers: { authorization: `Bearer ${granted.json().access_token}` },
    payload: { title: 'Dune' },
  })
  assert.equal(created.statusCode, 201)
  assert.deepEqual(created.json(), { title: 'Dune', by: 'ada' })
  // The token route is documented as the form Swagger UI posts; it requires no scheme itself.
  const document = (await getOpenApiDocument(app)) as any
  const token = document.paths['/token'].post
  assert.ok(token.requestBody.content['application/x-www-form-urlencoded'])
  assert.equal(token.security, undefined)
  assert.equal(token.responses['401'], undefined)
})
