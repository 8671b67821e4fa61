import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { openapi } from '@portico/openapi'
import Fastify, { type FastifyInstance } from 'fastify'
import { seedApp } from './fixtures.js'

/** The `config` object the Swagger UI page passes to SwaggerUIBundle. */
function swaggerConfig(html: string): Record<string, unknown> {
  const match = /const config = (\{.*\});\n/.exec(html)
  assert.ok(match, 'Swagger UI config not found in the page')
  return JSON.parse(match[1]!)
}

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
    assert.doesNotMatch(response.body, /https?:\/\//, 'no absolute URL to a CDN')
  })

  test('Swagger UI assets ship in the package, served with their content types, cacheable forever', async () => {
    const page = await app.inject('/docs')
    const urls = assetUrls(page.body)
    assert.equal(urls.length, 3)
    const expected: Record<string, string> = {
      'swagger-ui.css': 'text/css; charset=utf-8',
      'favicon-32x32.png': 'image/png',
      'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
    }
    for (const url of urls) {
      assert.match(url, /^\/docs\/assets\/swagger-ui-\d+\.\d+\.\d+\//)
      const name = url.split('/').pop()!
      const response = await app.inject(url)
      assert.equal(response.statusCode, 200, url)
      assert.equal(response.headers['content-type'], expected[name], url)
      assert.equal(response.headers['cache-control'], 'public, max-age=31536000, immutable')
      assert.ok(response.rawPayload.length > 500, `${url} has content`)
    }
    const bundle = await app.inject(urls.find((url) => url.endsWith('.js'))!)
    assert.match(bundle.body.slice(0, 2000), /SwaggerUIBundle/)
  })

  test('the OAuth2 redirect page loads oauth2-redirect.js from an absolute URL', async () => {
    const response = await app.inject('/docs/oauth2-redirect')
    assert.equal(response.statusCode, 200)
    assert.equal(response.headers['content-type'], 'text/html; charset=utf-8')
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
    assert.match(response.body, /Redoc\.init\("\/openapi\.json", \{\}, /)
    const [script] = assetUrls(response.body)
    assert.match(script!, /^\/redoc\/assets\/redoc-\d+\.\d+\.\d+\/redoc\.standalone\.js$/)
    const js = await app.inject(script!)
    assert.equal(js.statusCode, 200)
    assert.equal(js.headers['content-type'], 'text/javascript; charset=utf-8')
    assert.ok(js.rawPayload.length > 100_000)
    assert.doesNotMatch(response.body, /https?:\/\//, 'no web fonts or scripts from a CDN')
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
      2,
      'only the page’s own script elements close',
    )
    assert.doesNotMatch(docs.body, /\u2028/)
    const config = swaggerConfig(docs.body)
    assert.equal(config.url, '/api/spec.json')
    assert.equal(config.oauth2RedirectUrl, '/api/docs/oauth2-redirect')
    assert.equal(config.persistAuthorization, true)
    assert.equal(config.docExpansion, 'none')
    assert.equal(config.note, '</script><b>\u2028')
    assert.match(
      docs.body,
      /ui\.initOAuth\(\{"clientId":"docs","usePkceWithAuthorizationCodeGrant":true\}\);/,
    )
    assert.equal((await app.inject('/api/docs/oauth2-redirect')).statusCode, 200)
    const redoc = await app.inject('/api/reference')
    assert.match(redoc.body, /Redoc\.init\("\/api\/spec\.json", \{"hideDownloadButton":true\}, /)
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
