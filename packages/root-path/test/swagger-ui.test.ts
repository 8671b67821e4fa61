import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import { rootPath, rootPathRewriteUrl, swaggerUiRootPathOptions } from '@portico/root-path'
import Fastify from 'fastify'
import { PROXY } from './helpers.js'

async function docsApp(withHook: boolean) {
  const app = Fastify({ rewriteUrl: rootPathRewriteUrl, trustProxy: PROXY })
  await app.register(rootPath, { rootPath: '/api/v1', forwardedPrefix: true })
  await app.register(swagger, { openapi: { info: { title: 'Plain', version: '1.0.0' } } })
  await app.register(swaggerUi, { routePrefix: '/docs', ...(withHook ? swaggerUiRootPathOptions() : {}) })
  await app.ready()
  return app
}

/** Resolves the URLs a browser would fetch from the docs page served at `pageUrl`. */
function assetUrls(html: string, pageUrl: string): string[] {
  const base = new URL(pageUrl, 'http://proxy.example')
  return [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => new URL(match[1]!, base).pathname)
}

describe('@fastify/swagger-ui behind a root path (behaviour 6, plain Fastify)', () => {
  test('"<root>/docs/" loads assets and the spec relative to the page: everything stays under the root', async () => {
    const app = await docsApp(true)
    for (const url of ['/api/v1/docs/', '/docs/']) {
      const page = await app.inject(url)
      assert.equal(page.statusCode, 200)
      const assets = assetUrls(page.body, '/api/v1/docs/')
      assert.ok(assets.length > 3)
      for (const asset of assets) assert.ok(asset.startsWith('/api/v1/docs/static/'), asset)
      // Every asset the page loads is served through the prefix.
      for (const asset of assets) assert.equal((await app.inject(asset)).statusCode, 200, asset)
    }
    const initializer = await app.inject('/api/v1/docs/static/swagger-initializer.js')
    assert.match(initializer.body, /resolveUrl\('\.\/json'\)/) // -> <root>/docs/json in the browser
    assert.equal((await app.inject('/api/v1/docs/json')).statusCode, 200)
  })

  test('without the hook, "<root>/docs" (no slash) loads assets from "/docs/static": the documented limitation', async () => {
    const app = await docsApp(false)
    const page = await app.inject('/api/v1/docs')
    assert.equal(page.statusCode, 200)
    const assets = assetUrls(page.body, '/api/v1/docs')
    assert.ok(assets.every((asset) => asset.startsWith('/docs/static/')))
  })

  test('with the hook, "<root>/docs" redirects to "<root>/docs/" (static and forwarded roots)', async () => {
    const app = await docsApp(true)
    let response = await app.inject('/api/v1/docs')
    assert.equal(response.statusCode, 302)
    assert.equal(response.headers.location, '/api/v1/docs/')
    response = await app.inject('/docs?x=1')
    assert.equal(response.headers.location, '/api/v1/docs/?x=1')
    response = await app.inject({
      url: '/b/docs',
      headers: { 'x-forwarded-prefix': '/b' },
      remoteAddress: PROXY,
    })
    assert.equal(response.headers.location, '/b/docs/')
    response = await app.inject('/api/v1/docs/static/index.html')
    assert.equal(response.statusCode, 302)
    assert.equal(response.headers.location, '/api/v1/docs/')
  })
})
