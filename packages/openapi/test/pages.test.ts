import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { openapi } from '@portico/openapi'
import Fastify, { type FastifyInstance } from 'fastify'
import { seedApp } from './fixtures.js'

/** The JSON data element `id` of a page (what its start script reads). */
function pageData(html: string, id: string): Record<string, any> {
  const match = new RegExp(`<script type="application/json" id="${id}">([^<]*)</script>`).exec(html)
  assert.ok(match, `data element #${id} not found in the page`)
  return JSON.parse(match[1]!)
}

/** The `config` object the Swagger UI start script passes to SwaggerUIBundle. */
const swaggerConfig = (html: string): Record<string, unknown> =>
  pageData(html, 'portico-swagger-ui-config').config

/** No inline code: every script element loads a file or is a JSON data element; no `on…=` handler. */
function assertNoInlineScript(html: string): void {
  for (const [element] of html.matchAll(/<script\b[^>]*>/g)) {
    assert.match(element, /^<script (src="[^"]+"|type="application\/json" id="[\w-]+")>$/, element)
  }
  for (const [script, attributes, body] of html.matchAll(/<script\b([^>]*)>([^<]*)<\/script>/g)) {
    if (attributes!.includes('src=')) assert.equal(body, '', script)
  }
  assert.doesNotMatch(html, /\son[a-z]+\s*=/i, 'no inline event handler')
  assert.doesNotMatch(html, /javascript:/i)
}

/** The docs pages' own headers. */
function assertPageHeaders(headers: Record<string, unknown>, csp: string): void {
  assert.equal(headers['content-security-policy'], csp)
  assert.equal(headers['x-frame-options'], 'DENY')
  assert.equal(headers['referrer-policy'], 'no-referrer')
  assert.equal(headers['x-content-type-options'], 'nosniff')
}

const LOCKED = "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
const SWAGGER_UI_CSP = `default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; ${LOCKED}`
const REDOC_CSP = `default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; worker-src blob:; ${LOCKED}`
const OAUTH2_REDIRECT_CSP = `default-src 'none'; script-src 'self'; ${LOCKED}`

/** URLs of every `src=` and `href=` attribute of a page. */
function assetUrls(html: string): string[] {
  return [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!.replaceAll('&amp;', '&'))
}

describe('docs pages with the defaults', () => {
  let app: FastifyInstance
  before(async () => {
    app = await seedApp()
    await app.ready()
  })
  after(() => app.close())

  test('/docs is Swagger UI loading /openapi.json with its OAuth2 redirect page', async () => {
    const response = await app.inject('/docs')
    assert.equal(response.statusCode, 200)
    assert.equal(response.headers['content-type'], 'text/html; charset=utf-8')
    assert.equal(response.headers['cache-control'], 'no-cache')
    assert.equal(response.headers['x-content-type-options'], 'nosniff')
    assert.match(response.body, /<title>Seed API - Swagger UI<\/title>/)
    const config = swaggerConfig(response.body)
    assert.equal(config.url, '/openapi.json')
    assert.equal(config.oauth2RedirectUrl, '/docs/oauth2-redirect')
    assert.equal(config.queryConfigEnabled, false)
    assert.equal(config.dom_id, '#swagger-ui')
    assert.equal(config.layout, 'BaseLayout')
    assert.equal(pageData(response.body, 'portico-swagger-ui-config').initOAuth, null)
    assert.doesNotMatch(response.body, /https?:\/\//, 'no absolute URL to a CDN')
    assertNoInlineScript(response.body)
    assertPageHeaders(response.headers, SWAGGER_UI_CSP)
  })

  test('Swagger UI assets ship in the package, served with their content types, cacheable forever', async () => {
    const page = await app.inject('/docs')
    const urls = assetUrls(page.body)
    assert.equal(urls.length, 4)
    const expected: Record<string, string> = {
      'swagger-ui.css': 'text/css; charset=utf-8',
      'favicon-32x32.png': 'image/png',
      'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
      'swagger-ui-init.js': 'text/javascript; charset=utf-8',
    }
    for (const url of urls) {
      assert.match(url, /^\/docs\/assets\/swagger-ui-\d+\.\d+\.\d+\//)
      // The start script changes with this package, not with swagger-ui: its hash is in its name.
      const name = url
        .split('/')
        .pop()!
        .replace(/\.[0-9a-f]{12}\.js$/, '.js')
      const response = await app.inject(url)
      assert.equal(response.statusCode, 200, url)
      assert.equal(response.headers['content-type'], expected[name], url)
      assert.equal(response.headers['cache-control'], 'public, max-age=31536000, immutable')
      assert.ok(response.rawPayload.length > 500, `${url} has content`)
    }
    const bundle = await app.inject(urls.find((url) => url.endsWith('/swagger-ui-bundle.js'))!)
    assert.match(bundle.body.slice(0, 2000), /SwaggerUIBundle/)
    // The bundle first, then the start script that reads the data element.
    assert.deepEqual(
      urls.filter((url) => url.endsWith('.js')).map((url) => url.split('/').pop()!.split('.')[0]),
      ['swagger-ui-bundle', 'swagger-ui-init'],
    )
    const start = await app.inject(urls.at(-1)!)
    assert.match(start.body, /getElementById\('portico-swagger-ui-config'\)/)
  })

  test('the OAuth2 redirect page loads oauth2-redirect.js from an absolute URL', async () => {
    const response = await app.inject('/docs/oauth2-redirect')
    assert.equal(response.statusCode, 200)
    assert.equal(response.headers['content-type'], 'text/html; charset=utf-8')
    assertNoInlineScript(response.body)
    assertPageHeaders(response.headers, OAUTH2_REDIRECT_CSP)
    const [script] = assetUrls(response.body)
    assert.match(script!, /^\/docs\/assets\/swagger-ui-[\d.]+\/oauth2-redirect\.js$/)
    const js = await app.inject(script!)
    assert.equal(js.statusCode, 200)
    assert.equal(js.headers['content-type'], 'text/javascript; charset=utf-8')
    assert.match(js.body, /swaggerUIRedirectOauth2/)
  })

  test('/redoc loads /openapi.json and the redoc standalone bundle', async () => {
    const response = await app.inject('/redoc')
    assert.equal(response.statusCode, 200)
    assert.equal(response.headers['content-type'], 'text/html; charset=utf-8')
    assert.match(response.body, /<title>Seed API - ReDoc<\/title>/)
    assert.deepEqual(pageData(response.body, 'portico-redoc-config'), { url: '/openapi.json', options: {} })
    assertNoInlineScript(response.body)
    assertPageHeaders(response.headers, REDOC_CSP)
    const [script, start] = assetUrls(response.body)
    assert.match(script!, /^\/redoc\/assets\/redoc-\d+\.\d+\.\d+\/redoc\.standalone\.js$/)
    assert.match(start!, /^\/redoc\/assets\/redoc-\d+\.\d+\.\d+\/redoc-init\.[0-9a-f]{12}\.js$/)
    const startJs = await app.inject(start!)
    assert.equal(startJs.headers['content-type'], 'text/javascript; charset=utf-8')
    assert.equal(startJs.headers['cache-control'], 'public, max-age=31536000, immutable')
    assert.match(startJs.body, /getElementById\('portico-redoc-config'\)/)
    const js = await app.inject(script!)
    assert.equal(js.statusCode, 200)
    assert.equal(js.headers['content-type'], 'text/javascript; charset=utf-8')
    assert.ok(js.rawPayload.length > 100_000)
    assert.doesNotMatch(response.body, /https?:\/\//, 'no web fonts or scripts from a CDN')
  })

  test("a file the pages do not ship answers the app's 404 under their assets paths", async () => {
    const docs = await app.inject('/docs')
    const [bundle] = assetUrls(docs.body)
    const base = bundle!.slice(0, bundle!.lastIndexOf('/'))
    const redoc = await app.inject('/redoc')
    const [redocBundle] = assetUrls(redoc.body)
    const redocBase = redocBundle!.slice(0, redocBundle!.lastIndexOf('/'))
    const plain = await app.inject('/no-such-route')
    assert.equal(plain.statusCode, 404)
    for (const url of [
      `${base}/package.json`,
      `${base}/swagger-ui-init.js`, // the start script only under its hashed name
      `${base}/..%2F..%2Fversions.json`,
      `${base}/`,
      `${redocBase}/swagger-ui-bundle.js`, // another page's file
      `${redocBase}/redoc.standalone.js.map`,
    ]) {
      const response = await app.inject(url)
      assert.equal(response.statusCode, 404, url)
      assert.equal(response.headers['content-type'], plain.headers['content-type'], url)
      assert.equal(response.headers['cache-control'], undefined, url)
      const { message: _message, ...body } = response.json() as Record<string, unknown>
      const { message: _plainMessage, ...plainBody } = plain.json() as Record<string, unknown>
      assert.deepEqual(body, plainBody, url)
    }
  })

  test('the spec URL never comes from the query string', async () => {
    for (const query of ['?url=https://evil.example/x.json', '?configUrl=https://evil.example/c.json']) {
      const response = await app.inject(`/docs${query}`)
      assert.equal(response.statusCode, 200)
      assert.doesNotMatch(response.body, /evil/)
      const config = swaggerConfig(response.body)
      assert.equal(config.url, '/openapi.json')
      assert.equal(config.queryConfigEnabled, false)
      const redoc = await app.inject(`/redoc${query}`)
      assert.doesNotMatch(redoc.body, /evil/)
      assert.equal(pageData(redoc.body, 'portico-redoc-config').url, '/openapi.json')
    }
  })

  test('unknown asset names are 404', async () => {
    const page = await app.inject('/docs')
    const base = assetUrls(page.body)[0]!.replace(/[^/]+$/, '')
    assert.equal((await app.inject(`${base}package.json`)).statusCode, 404)
    assert.equal((await app.inject(`${base}..%2Fpackage.json`)).statusCode, 404)
  })
})

describe('page options', () => {
  test('custom URLs, Swagger UI parameters and initOAuth, encoded for the script', async () => {
    const app = Fastify()
    await app.register(openapi, {
      info: { title: 'My </title><script>x</script> API', version: '1' },
      openapiUrl: '/api/spec.json',
      docsUrl: '/api/docs',
      redocUrl: '/api/reference',
      swaggerUiParameters: { persistAuthorization: true, docExpansion: 'none', note: '</script><b>\u2028' },
      swaggerUiInitOAuth: { clientId: 'docs', usePkceWithAuthorizationCodeGrant: true },
      redocOptions: { hideDownloadButton: true },
    })
    const docs = await app.inject('/api/docs')
    assert.equal(docs.statusCode, 200)
    assert.match(
      docs.body,
      /<title>My &lt;\/title&gt;&lt;script&gt;x&lt;\/script&gt; API - Swagger UI<\/title>/,
    )
    assert.equal(
      (docs.body.match(/<\/script>/g) ?? []).length,
      3,
      'only the page’s own script elements close (data, bundle, start script)',
    )
    assert.doesNotMatch(docs.body, /\u2028/)
    assert.doesNotMatch(docs.body, /<b>/)
    assertNoInlineScript(docs.body)
    const config = swaggerConfig(docs.body)
    assert.equal(config.url, '/api/spec.json')
    assert.equal(config.oauth2RedirectUrl, '/api/docs/oauth2-redirect')
    assert.equal(config.persistAuthorization, true)
    assert.equal(config.docExpansion, 'none')
    assert.equal(config.note, '</script><b>\u2028')
    assert.match(
      docs.body,
      /"initOAuth":\{"clientId":"docs","usePkceWithAuthorizationCodeGrant":true\}\}<\/script>/,
    )
    assert.equal((await app.inject('/api/docs/oauth2-redirect')).statusCode, 200)
    const redoc = await app.inject('/api/reference')
    assert.deepEqual(pageData(redoc.body, 'portico-redoc-config'), {
      url: '/api/spec.json',
      options: { hideDownloadButton: true },
    })
    assertNoInlineScript(redoc.body)
    assert.equal((await app.inject('/api/spec.json')).statusCode, 200)
    for (const url of ['/docs', '/redoc', '/openapi.json'])
      assert.equal((await app.inject(url)).statusCode, 404)
    await app.close()
  })

  test('oauth2RedirectUrl can be moved or turned off', async () => {
    const app = Fastify()
    await app.register(openapi, { oauth2RedirectUrl: '/oauth/callback' })
    assert.equal(swaggerConfig((await app.inject('/docs')).body).oauth2RedirectUrl, '/oauth/callback')
    assert.equal((await app.inject('/oauth/callback')).statusCode, 200)
    assert.equal((await app.inject('/docs/oauth2-redirect')).statusCode, 404)
    await app.close()

    const off = Fastify()
    await off.register(openapi, { oauth2RedirectUrl: null })
    assert.equal(swaggerConfig((await off.inject('/docs')).body).oauth2RedirectUrl, undefined)
    assert.equal((await off.inject('/docs/oauth2-redirect')).statusCode, 404)
    await off.close()
  })
})

describe('null switches', () => {
  const cases: Array<[string, Record<string, null>, Record<string, number>]> = [
    [
      'openapiUrl: null turns everything off',
      { openapiUrl: null },
      { '/openapi.json': 404, '/docs': 404, '/docs/oauth2-redirect': 404, '/redoc': 404 },
    ],
    [
      'docsUrl: null turns Swagger UI and its redirect off',
      { docsUrl: null },
      { '/openapi.json': 200, '/docs': 404, '/docs/oauth2-redirect': 404, '/redoc': 200 },
    ],
    [
      'redocUrl: null turns ReDoc off',
      { redocUrl: null },
      { '/openapi.json': 200, '/docs': 200, '/docs/oauth2-redirect': 200, '/redoc': 404 },
    ],
  ]
  for (const [name, options, expected] of cases) {
    test(name, async () => {
      const app = await seedApp(options)
      await app.ready()
      for (const [url, status] of Object.entries(expected)) {
        assert.equal((await app.inject(url)).statusCode, status, url)
      }
      // The document is still built, for export and tests.
      assert.ok(app.openapi.document().paths?.['/app'])
      await app.close()
    })
  }
})
