import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  errorResponseSchema,
  type OpenApiOptions,
  openapi,
  PORTICO_ERR_OPENAPI_SECURITY_SCHEME_CONFLICT,
} from '@portico/openapi'
import Fastify, { type FastifyInstance } from 'fastify'

// Routes as @portico/core registers them when their dependencies reach a security scheme:
// `schema.security` (the requirement, with scopes) and `config.portico.securitySchemes`.

const BEARER = { type: 'http', scheme: 'bearer' }
const OAUTH2 = {
  type: 'oauth2',
  flows: { password: { tokenUrl: 'token', scopes: { 'books:write': 'Edit books' } } },
}

function secured(
  handler: string,
  schemes: Record<string, unknown>,
  security: Record<string, string[]>[],
  schema = {},
) {
  return {
    schema: { security, ...schema },
    config: { portico: { controller: 'Books', handler, securitySchemes: schemes } },
  }
}

async function app(register: (app: FastifyInstance) => void, options: OpenApiOptions = {}) {
  const fastify = Fastify()
  await fastify.register(openapi, options)
  register(fastify)
  await fastify.ready()
  return fastify
}

const reply = async () => ({})

test('route-declared schemes go to components.securitySchemes; requirements keep their scopes', async (t) => {
  const fastify = await app((f) => {
    f.get('/me', secured('me', { HTTPBearer: BEARER }, [{ HTTPBearer: [] }]), reply)
    f.post(
      '/books',
      secured('create', { OAuth2PasswordBearer: OAUTH2 }, [{ OAuth2PasswordBearer: ['books:write'] }]),
      reply,
    )
    f.get('/public', { config: { portico: { controller: 'Books', handler: 'list' } } }, reply)
  })
  t.after(() => fastify.close())
  const document = fastify.openapi.document() as any
  assert.deepEqual(document.components.securitySchemes, { HTTPBearer: BEARER, OAuth2PasswordBearer: OAUTH2 })
  // tokenUrl stays relative (resolved against the server, so under the root path).
  assert.equal(document.components.securitySchemes.OAuth2PasswordBearer.flows.password.tokenUrl, 'token')
  assert.deepEqual(document.paths['/me'].get.security, [{ HTTPBearer: [] }])
  assert.deepEqual(document.paths['/books'].post.security, [{ OAuth2PasswordBearer: ['books:write'] }])
  assert.equal(document.paths['/public'].get.security, undefined)
})

test('401 on every operation reaching a scheme, 403 when it requires scopes, with an error body', async (t) => {
  const fastify = await app((f) => {
    f.get('/me', secured('me', { HTTPBearer: BEARER }, [{ HTTPBearer: [] }]), reply)
    f.post(
      '/books',
      secured('create', { OAuth2PasswordBearer: OAUTH2 }, [{ OAuth2PasswordBearer: ['books:write'] }]),
      reply,
    )
    f.get('/public', { config: { portico: { controller: 'Books', handler: 'list' } } }, reply)
  })
  t.after(() => fastify.close())
  const document = fastify.openapi.document() as any
  const me = document.paths['/me'].get.responses
  assert.equal(me['401'].description, 'Not authenticated')
  assert.deepEqual(me['401'].content['application/json'].schema, { $ref: '#/components/schemas/HTTPError' })
  assert.deepEqual(Object.keys(me['401'].headers), ['WWW-Authenticate'])
  assert.equal(me['403'], undefined)
  const create = document.paths['/books'].post.responses
  assert.equal(create['401'].description, 'Not authenticated')
  assert.equal(create['403'].description, 'Not enough permissions')
  assert.deepEqual(create['403'].content['application/json'].schema, {
    $ref: '#/components/schemas/HTTPError',
  })
  assert.deepEqual(document.components.schemas.HTTPError, errorResponseSchema('fastify'))
  assert.equal(document.paths['/public'].get.responses['401'], undefined)
})

test("the error body follows the errorFormat option ('fastapi': { detail })", async (t) => {
  const fastify = await app(
    (f) => f.get('/me', secured('me', { HTTPBearer: BEARER }, [{ HTTPBearer: [] }]), reply),
    {
      errorFormat: 'fastapi',
    },
  )
  t.after(() => fastify.close())
  const document = fastify.openapi.document() as any
  assert.deepEqual(document.components.schemas.HTTPError, errorResponseSchema('fastapi'))
  assert.deepEqual(document.components.schemas.HTTPError.required, ['detail'])
})

test("a route's own 401/403/4XX responses win; an app model named HTTPError makes the body inline", async (t) => {
  const Own = { type: 'object', properties: { reason: { type: 'string' } } }
  const fastify = await app((f) => {
    f.addSchema({ $id: 'HTTPError', type: 'object', properties: { oops: { type: 'string' } } })
    f.get(
      '/me',
      secured('me', { HTTPBearer: BEARER }, [{ HTTPBearer: ['x'] }], {
        response: { 200: { type: 'object' }, 401: { description: 'Bad token', ...Own } },
      }),
      reply,
    )
    f.get(
      '/other',
      secured('other', { HTTPBearer: BEARER }, [{ HTTPBearer: ['x'] }], { response: { '4XX': Own } }),
      reply,
    )
    f.get('/model', { schema: { response: { 200: { $ref: 'HTTPError#' } } } }, reply)
  })
  t.after(() => fastify.close())
  const document = fastify.openapi.document() as any
  const me = document.paths['/me'].get.responses
  assert.equal(me['401'].description, 'Bad token')
  assert.deepEqual(me['403'].content['application/json'].schema, errorResponseSchema('fastify'))
  assert.deepEqual(Object.keys(document.paths['/other'].get.responses).sort(), ['4XX'])
  assert.deepEqual(document.components.schemas.HTTPError.properties, { oops: { type: 'string' } })
})

test('one scheme name declared with two different objects fails at startup naming both routes', async () => {
  const fastify = Fastify()
  await fastify.register(openapi)
  fastify.get('/a', secured('a', { auth: BEARER }, [{ auth: [] }]), reply)
  fastify.get('/b', secured('b', { auth: { type: 'http', scheme: 'basic' } }, [{ auth: [] }]), reply)
  fastify.get('/c', secured('c', { auth: { ...BEARER } }, [{ auth: [] }]), reply)
  await assert.rejects(
    async () => fastify.ready(),
    (error: Error) =>
      error instanceof PORTICO_ERR_OPENAPI_SECURITY_SCHEME_CONFLICT &&
      /^Security scheme "auth" is declared differently by Books\.a \(GET \/a\) and by Books\.b \(GET \/b\)/.test(
        error.message,
      ),
  )
  await fastify.close()
})

test('a route scheme equal to the option is shared; a different one conflicts with the option', async (t) => {
  const fastify = await app((f) => f.get('/me', secured('me', { bearer: BEARER }, [{ bearer: [] }]), reply), {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
  })
  t.after(() => fastify.close())
  assert.deepEqual((fastify.openapi.document() as any).components.securitySchemes, { bearer: BEARER })

  const other = Fastify()
  await other.register(openapi, {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
  })
  other.get('/me', secured('me', { bearer: BEARER }, [{ bearer: [] }]), reply)
  await assert.rejects(
    async () => other.ready(),
    /"bearer" is declared differently by the securitySchemes option and by Books\.me/,
  )
  await other.close()
})

test('a requirement on a scheme only a route declares passes the startup check', async (t) => {
  // Before, `schema.security` naming a scheme absent from the option failed (SECURITY_SCHEME_UNKNOWN).
  const fastify = await app((f) =>
    f.get('/me', secured('me', { HTTPBearer: BEARER }, [{ HTTPBearer: [] }]), reply),
  )
  t.after(() => fastify.close())
  assert.ok(fastify.openapi.document())
  const bad = Fastify()
  await bad.register(openapi)
  bad.get('/x', secured('x', { HTTPBearer: BEARER }, [{ Other: [] }]), reply)
  await assert.rejects(async () => bad.ready(), { code: 'PORTICO_ERR_OPENAPI_SECURITY_SCHEME_UNKNOWN' })
  await bad.close()
})

test("an absolute tokenUrl a route's scheme declares is allowed in the Swagger UI page's connect-src", async (t) => {
  const external = {
    type: 'oauth2',
    flows: { password: { tokenUrl: 'https://auth.example.com/token', scopes: {} } },
  }
  const fastify = await app((f) => f.get('/me', secured('me', { sso: external }, [{ sso: [] }]), reply))
  t.after(() => fastify.close())
  const page = await fastify.inject('/docs')
  assert.equal(page.statusCode, 200)
  const connect = String(page.headers['content-security-policy'])
    .split('; ')
    .find((directive) => directive.startsWith('connect-src'))
  assert.equal(connect, "connect-src 'self' https://auth.example.com")
})
