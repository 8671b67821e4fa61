import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { OPENAPI_DEFAULTS, openapi } from '@portico/openapi'
import Fastify from 'fastify'
import { seedApp } from './fixtures.js'

/** The directives of one Content-Security-Policy value, by name. */
function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(';').map((part) => {
      const [name, ...sources] = part.trim().split(/\s+/)
      return [name!, sources]
    }),
  )
}

const redocConfig = (html: string) =>
  JSON.parse(/<script type="application\/json" id="portico-redoc-config">([^<]*)<\/script>/.exec(html)![1]!)

describe('docsCsp option', () => {
  test('defaults: every page has a policy of its own, in OPENAPI_DEFAULTS.docsCsp', async () => {
    assert.deepEqual(Object.keys(OPENAPI_DEFAULTS.docsCsp), ['swaggerUi', 'redoc', 'oauth2Redirect'])
    assert.deepEqual(OPENAPI_DEFAULTS.plugin.docsCsp, {})
    assert.ok(Object.isFrozen(OPENAPI_DEFAULTS.docsCsp.redoc))
    const app = await seedApp()
    const swagger = directives(String((await app.inject('/docs')).headers['content-security-policy']))
    assert.deepEqual(swagger.get('script-src'), ["'self'"])
    assert.deepEqual(swagger.get('style-src'), ["'self'"], 'Swagger UI needs no inline style')
    assert.equal(swagger.has('worker-src'), false)
    const redoc = directives(String((await app.inject('/redoc')).headers['content-security-policy']))
    assert.deepEqual(redoc.get('style-src'), ["'self'", "'unsafe-inline'"])
    assert.deepEqual(redoc.get('worker-src'), ['blob:'])
    // The seed's OAuth2 token URL is relative: nothing beyond the page's origin.
    assert.deepEqual(swagger.get('connect-src'), ["'self'"])
    await app.close()
  })

  test('given directives replace the default ones on every page; null removes one', async () => {
    const app = await seedApp({
      docsCsp: { 'img-src': ["'self'"], 'frame-ancestors': null, 'report-uri': ['/csp-reports'] },
    })
    for (const url of ['/docs', '/redoc', '/docs/oauth2-redirect']) {
      const response = await app.inject(url)
      const policy = directives(String(response.headers['content-security-policy']))
      assert.deepEqual(policy.get('img-src'), ["'self'"], url)
      assert.deepEqual(policy.get('report-uri'), ['/csp-reports'], url)
      assert.equal(policy.has('frame-ancestors'), false, url)
      assert.deepEqual(policy.get('default-src'), ["'none'"], url)
      // frame-ancestors removed from the policy: X-Frame-Options DENY still forbids framing.
      assert.equal(response.headers['x-frame-options'], 'DENY', url)
    }
    await app.close()

    const framed = await seedApp({ docsCsp: { 'frame-ancestors': ["'self'"] } })
    const response = await framed.inject('/docs')
    assert.deepEqual(directives(String(response.headers['content-security-policy'])).get('frame-ancestors'), [
      "'self'",
    ])
    assert.equal(response.headers['x-frame-options'], undefined, 'frame-ancestors decides, not DENY')
    await framed.close()
  })

  test('docsCsp: false sends no policy of the pages own; the other headers stay', async () => {
    const app = await seedApp({ docsCsp: false })
    const response = await app.inject('/docs')
    assert.equal(response.headers['content-security-policy'], undefined)
    assert.equal(response.headers['x-frame-options'], 'DENY')
    assert.equal(response.headers['referrer-policy'], 'no-referrer')
    await app.close()
  })

  test('an unknown directive or a source that could end the directive fails at registration', async () => {
    const register = async (docsCsp: unknown) => {
      await Fastify().register(openapi, { docsCsp } as never)
    }
    await assert.rejects(register({ 'script-source': ["'self'"] }), (error: Error & { code: string }) => {
      assert.equal(error.code, 'PORTICO_ERR_OPENAPI_OPTION_UNKNOWN')
      assert.match(error.message, /"docsCsp\.script-source"/)
      assert.match(error.message, /known: default-src, script-src, /)
      return true
    })
    for (const [value, name] of [
      [{ 'connect-src': ["'self'; script-src *"] }, 'docsCsp.connect-src[0]'],
      [{ 'connect-src': ['https://a.example,script-src'] }, 'docsCsp.connect-src[0]'],
      [{ 'img-src': ['data:', 'x\r\nset-cookie: a=b'] }, 'docsCsp.img-src[1]'],
      [{ 'img-src': [''] }, 'docsCsp.img-src[0]'],
      [{ 'img-src': 'data:' }, 'docsCsp.img-src'],
      ['strict', 'docsCsp'],
      [true, 'docsCsp'],
    ] as const) {
      await assert.rejects(register(value), (error: Error & { code: string }) => {
        assert.equal(error.code, 'PORTICO_ERR_OPENAPI_OPTION_INVALID', JSON.stringify(value))
        assert.ok(error.message.includes(`"${name}"`), error.message)
        return true
      })
    }
  })
})

describe('connect-src follows the servers and the token URLs', () => {
  test('absolute servers (variables expanded by their enum) and OAuth2/OIDC URLs are allowed', async () => {
    const app = Fastify()
    await app.register(openapi, {
      servers: [
        { url: '/relative' },
        { url: 'https://api.example.com/v1' },
        { url: 'https://api.example.com:8443/v2' },
        {
          url: 'https://{region}.example.com/{base}',
          variables: { region: { default: 'eu', enum: ['eu', 'us'] }, base: { default: 'v1' } },
        },
        { url: 'javascript:alert(1)' },
        { url: 'https://bad host.example/' },
      ],
      securitySchemes: {
        oauth: {
          type: 'oauth2',
          flows: {
            authorizationCode: {
              authorizationUrl: 'https://login.example.com/authorize',
              tokenUrl: 'https://login.example.com/token',
              refreshUrl: 'https://refresh.example.com/token',
              scopes: {},
            },
          },
        },
        oidc: {
          type: 'openIdConnect',
          openIdConnectUrl: 'https://id.example.com/.well-known/openid-configuration',
        },
      },
    })
    const swagger = directives(String((await app.inject('/docs')).headers['content-security-policy']))
    assert.deepEqual(swagger.get('connect-src'), [
      "'self'",
      'https://login.example.com',
      'https://refresh.example.com',
      'https://id.example.com',
      'https://api.example.com',
      'https://api.example.com:8443',
      'https://eu.example.com',
      'https://us.example.com',
    ])
    // ReDoc only fetches the document.
    const redoc = directives(String((await app.inject('/redoc')).headers['content-security-policy']))
    assert.deepEqual(redoc.get('connect-src'), ["'self'"])
    await app.close()
  })

  test('servers of a serve hook count, per request', async () => {
    const app = await seedApp({
      serveHook: (request) => {
        const host = request.headers['x-api-host']
        return typeof host === 'string' ? { servers: [{ url: `https://${host}/api` }] } : undefined
      },
    })
    const policy = async (headers: Record<string, string>) =>
      directives(String((await app.inject({ url: '/docs', headers })).headers['content-security-policy']))
    assert.deepEqual((await policy({ 'x-api-host': 'a.example' })).get('connect-src'), [
      "'self'",
      'https://a.example',
    ])
    // A value that is not a plain host never reaches the header.
    const hostile = await policy({ 'x-api-host': "a.example; script-src 'unsafe-inline'" })
    assert.deepEqual(hostile.get('script-src'), ["'self'"])
    assert.deepEqual(hostile.get('connect-src'), ["'self'"])
    assert.deepEqual((await policy({})).get('connect-src'), ["'self'"])
    await app.close()
  })

  test('frozen servers of a serve hook (one array per root path, as root-path returns) each keep their own policy', async () => {
    const byHost = new Map(
      ['a.example', 'b.example'].map((host) => [
        host,
        Object.freeze([Object.freeze({ url: `https://${host}/api` })]),
      ]),
    )
    const app = await seedApp({
      serveHook: (request) => {
        const servers = byHost.get(String(request.headers['x-api-host']))
        return servers === undefined ? undefined : { servers: servers as never }
      },
    })
    const connect = async (host: string) =>
      directives(
        String(
          (await app.inject({ url: '/docs', headers: { 'x-api-host': host } })).headers[
            'content-security-policy'
          ],
        ),
      ).get('connect-src')
    for (let round = 0; round < 2; round++) {
      assert.deepEqual(await connect('a.example'), ["'self'", 'https://a.example'])
      assert.deepEqual(await connect('b.example'), ["'self'", 'https://b.example'])
      assert.deepEqual(await connect('c.example'), ["'self'"])
    }
    await app.close()
  })
})

describe('a policy already on the response (the app’s own, @fastify/helmet’s)', () => {
  const appPolicy = "default-src 'self'; script-src 'self'; img-src 'self' data:"

  test('is kept beside the page’s: both are sent, the browser enforces both', async () => {
    for (const setOn of ['reply', 'raw'] as const) {
      const app = await seedApp()
      app.addHook('onRequest', async (_request, reply) => {
        if (setOn === 'reply') reply.header('content-security-policy', appPolicy)
        else reply.raw.setHeader('content-security-policy', appPolicy)
      })
      const response = await app.inject('/docs')
      const sent = response.headers['content-security-policy']
      assert.ok(Array.isArray(sent), `${setOn}: two headers`)
      assert.equal(sent[0], appPolicy)
      assert.match(sent[1]!, /^default-src 'none'; script-src 'self'; /)
      await app.close()
    }
  })

  test('ReDoc’s search is turned off where a policy forbids its blob: worker, unless the options decide', async () => {
    const withPolicy = async (policy: string | undefined, redocOptions?: Record<string, unknown>) => {
      const app = await seedApp(redocOptions === undefined ? {} : { redocOptions })
      if (policy !== undefined) {
        app.addHook('onRequest', async (_request, reply) => {
          reply.header('content-security-policy', policy)
        })
      }
      const options = redocConfig((await app.inject('/redoc')).body).options
      await app.close()
      return options
    }
    assert.deepEqual(await withPolicy(undefined), {})
    assert.deepEqual(
      await withPolicy(appPolicy),
      { disableSearch: true },
      'worker-src falls back to script-src',
    )
    assert.deepEqual(await withPolicy("default-src 'self'"), { disableSearch: true })
    assert.deepEqual(await withPolicy("default-src 'self'; worker-src 'self' blob:"), {})
    assert.deepEqual(await withPolicy("script-src 'self' blob:; worker-src 'none'"), { disableSearch: true })
    assert.deepEqual(await withPolicy("img-src 'self'"), {}, 'no directive governs workers')
    assert.deepEqual(await withPolicy(appPolicy, { disableSearch: false }), { disableSearch: false })
    // The pages' own policy counts too.
    const app = await seedApp({ docsCsp: { 'worker-src': ["'self'"] } })
    assert.deepEqual(redocConfig((await app.inject('/redoc')).body).options, { disableSearch: true })
    await app.close()
  })
})
