import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  ApiKey,
  authorizationParts,
  basicCredentials,
  bearerToken,
  CORE_DEFAULTS,
  HttpBasic,
  HttpBearer,
  notAuthenticated,
  OAuth2PasswordBearer,
  OAuth2PasswordRequestForm,
  PORTICO_ERR_CORE_SECURITY_OPTION_INVALID,
  PORTICO_ERR_CORE_SECURITY_OPTION_UNKNOWN,
  Unauthorized,
} from '@portico/core'
import { Value } from '@sinclair/typebox/value'

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64')

test('the Authorization header splits at its first space, as FastAPI', () => {
  assert.deepEqual(authorizationParts(undefined), ['', ''])
  assert.deepEqual(authorizationParts(''), ['', ''])
  assert.deepEqual(authorizationParts('Bearer abc'), ['Bearer', 'abc'])
  assert.deepEqual(authorizationParts('Bearer  abc'), ['Bearer', ' abc'])
  assert.deepEqual(authorizationParts('Bearer'), ['Bearer', ''])
})

test('a bearer token: scheme case-insensitive, a token required', () => {
  assert.equal(bearerToken('Bearer abc'), 'abc')
  assert.equal(bearerToken('bearer abc'), 'abc')
  assert.equal(bearerToken('BEARER a.b.c'), 'a.b.c')
  assert.equal(bearerToken('Bearer'), undefined)
  assert.equal(bearerToken('Bearer '), undefined)
  assert.equal(bearerToken('Basic abc'), undefined)
  assert.equal(bearerToken('Bearerabc'), undefined)
  assert.equal(bearerToken(undefined), undefined)
})

test('basic credentials: base64 of user:password, split at the first colon', () => {
  assert.deepEqual(basicCredentials(`Basic ${b64('ada:s3:cret')}`), { username: 'ada', password: 's3:cret' })
  assert.deepEqual(basicCredentials(`basic ${b64('ada:')}`), { username: 'ada', password: '' })
  assert.deepEqual(basicCredentials(`Basic ${b64(':pw')}`), { username: '', password: 'pw' })
  assert.deepEqual(basicCredentials(`Basic ${b64('zoë:pässword')}`), {
    username: 'zoë',
    password: 'pässword',
  })
  assert.equal(basicCredentials(undefined), 'missing')
  assert.equal(basicCredentials(`Bearer ${b64('a:b')}`), 'missing')
  assert.equal(basicCredentials(`Basic ${b64('no colon')}`), 'invalid')
  assert.equal(basicCredentials('Basic YWJj='), 'invalid') // bad padding
  assert.equal(basicCredentials(`Basic ${Buffer.from([0xff, 0x3a, 0x61]).toString('base64')}`), 'invalid') // not UTF-8
  assert.equal(basicCredentials('Basic'), 'invalid') // "" decodes to "" (no colon)
})

test('notAuthenticated is a 401 Unauthorized carrying its challenge header', () => {
  const error = notAuthenticated('Basic realm="x"')
  assert.ok(error instanceof Unauthorized)
  assert.equal(error.statusCode, 401)
  assert.equal(error.message, 'Not authenticated')
  assert.deepEqual((error as unknown as { headers: unknown }).headers, {
    'www-authenticate': 'Basic realm="x"',
  })
  assert.equal(
    notAuthenticated('Bearer', 'Invalid authentication credentials').message,
    'Invalid authentication credentials',
  )
})

test('each scheme declares the OpenAPI security scheme it implements, with FastAPI names', () => {
  assert.deepEqual(new HttpBearer().options.securityScheme, {
    name: 'HTTPBearer',
    scheme: { type: 'http', scheme: 'bearer' },
  })
  assert.deepEqual(new HttpBearer({ name: 'jwt', description: 'A JWT' }).options.securityScheme, {
    name: 'jwt',
    scheme: { type: 'http', scheme: 'bearer', description: 'A JWT' },
  })
  assert.deepEqual(new HttpBasic({ realm: 'admin' }).options.securityScheme, {
    name: 'HTTPBasic',
    scheme: { type: 'http', scheme: 'basic' },
  })
  assert.deepEqual(new ApiKey({ in: 'header', keyName: 'X-API-Key' }).options.securityScheme, {
    name: 'APIKeyHeader',
    scheme: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
  })
  assert.equal(new ApiKey({ in: 'query', keyName: 'key' }).options.securityScheme?.name, 'APIKeyQuery')
  assert.equal(new ApiKey({ in: 'cookie', keyName: 'key' }).options.securityScheme?.name, 'APIKeyCookie')
  const oauth2 = new OAuth2PasswordBearer({ tokenUrl: 'token', scopes: { 'books:write': 'Edit books' } })
  assert.deepEqual(oauth2.options.securityScheme, {
    name: 'OAuth2PasswordBearer',
    // tokenUrl stays relative: it resolves against the document's server (the root path).
    scheme: {
      type: 'oauth2',
      flows: { password: { tokenUrl: 'token', scopes: { 'books:write': 'Edit books' } } },
    },
  })
  assert.deepEqual(new OAuth2PasswordBearer({ tokenUrl: '/auth/token' }).options.securityScheme?.scheme, {
    type: 'oauth2',
    flows: { password: { tokenUrl: '/auth/token', scopes: {} } },
  })
  assert.equal(new HttpBearer().name, 'HTTPBearer')
  assert.equal(new HttpBearer({ autoError: false }).autoError, false)
})

test('scheme options: unknown keys and bad values fail naming the class and option', () => {
  assert.deepEqual(Object.keys(CORE_DEFAULTS.oauth2PasswordBearer), [
    'tokenUrl',
    'scopes',
    'name',
    'description',
    'autoError',
  ])
  assert.throws(
    () => new OAuth2PasswordBearer({ tokenURL: '/token' } as never),
    (error: Error) =>
      error instanceof PORTICO_ERR_CORE_SECURITY_OPTION_UNKNOWN &&
      error.message ===
        'Unknown option `tokenURL` of OAuth2PasswordBearer (known: tokenUrl, scopes, name, description, autoError)',
  )
  assert.throws(
    () => new HttpBearer({ autoerror: false } as never),
    /Unknown option `autoerror` of HttpBearer/,
  )
  assert.throws(() => new HttpBasic({ realms: 'x' } as never), /Unknown option `realms` of HttpBasic/)
  assert.throws(
    () => new ApiKey({ in: 'body', keyName: 'k' } as never),
    PORTICO_ERR_CORE_SECURITY_OPTION_INVALID,
  )
  assert.throws(() => new ApiKey({ in: 'header' } as never), /Invalid option `keyName` of ApiKey/)
  assert.throws(() => new ApiKey(undefined as never), /Invalid option `options` of ApiKey/)
  assert.throws(
    () => new OAuth2PasswordBearer({} as never),
    /Invalid option `tokenUrl` of OAuth2PasswordBearer/,
  )
  assert.throws(
    () => new OAuth2PasswordBearer({ tokenUrl: 't', scopes: ['a'] } as never),
    /Invalid option `scopes` of OAuth2PasswordBearer/,
  )
  assert.throws(
    () => new HttpBearer({ autoError: 'no' } as never),
    /Invalid option `autoError` of HttpBearer: expected true or false/,
  )
  assert.throws(() => new HttpBasic({ realm: 1 } as never), /Invalid option `realm` of HttpBasic/)
  assert.throws(() => new HttpBearer({ name: '' }), /Invalid option `name` of HttpBearer/)
})

test("OAuth2PasswordRequestForm: the password grant's fields, scope defaulting to ''", () => {
  assert.deepEqual(Object.keys(OAuth2PasswordRequestForm.properties), [
    'grant_type',
    'username',
    'password',
    'scope',
    'client_id',
    'client_secret',
  ])
  assert.deepEqual(OAuth2PasswordRequestForm.required, ['username', 'password', 'scope'])
  assert.equal(OAuth2PasswordRequestForm.properties.scope.default, '')
  assert.ok(
    Value.Check(OAuth2PasswordRequestForm, {
      username: 'a',
      password: 'b',
      scope: 'x y',
      grant_type: 'password',
    }),
  )
  assert.ok(
    !Value.Check(OAuth2PasswordRequestForm, { username: 'a', password: 'b', scope: '', grant_type: 'code' }),
  )
})
