import assert from 'node:assert/strict'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, test } from 'node:test'

interface AssetSet {
  version: string
  assets: Array<{ name: string; file: string }>
  start: { name: string; file: string }
}
// Internal: the asset lookup, to point it at a folder that is not the package's.
interface AssetsModule {
  ASSETS_DIR: string
  swaggerUiAssets(dir?: string): AssetSet
  redocAssets(dir?: string): AssetSet
}
const assets = (await import(new URL('../dist/assets.js', import.meta.url).href)) as AssetsModule
const require = createRequire(new URL('../package.json', import.meta.url))

describe('the docs page files ship inside the package', () => {
  test('assets/ has the served files, their licenses and the versions of the dev dependencies', () => {
    const versions = JSON.parse(readFileSync(join(assets.ASSETS_DIR, 'versions.json'), 'utf8'))
    for (const [folder, name, license] of [
      ['swagger-ui', 'swagger-ui-dist', 'Apache-2.0'],
      ['redoc', 'redoc', 'MIT'],
    ] as const) {
      const { version } = require(`${name}/package.json`) as { version: string }
      assert.deepEqual(versions[folder], { package: name, version, license })
      assert.ok(existsSync(join(assets.ASSETS_DIR, folder, 'LICENSE')), `${folder}/LICENSE`)
    }
    assert.ok(existsSync(join(assets.ASSETS_DIR, 'swagger-ui', 'NOTICE')))
    // The bundles' files and each page's start script (copied from assets-src/).
    assert.equal(assets.swaggerUiAssets().assets.length, 6)
    assert.equal(assets.redocAssets().assets.length, 2)
    for (const file of ['swagger-ui-init.js', 'redoc-init.js']) {
      const source = new URL(`../assets-src/${file}`, import.meta.url)
      assert.deepEqual(readFileSync(join(assets.ASSETS_DIR, 'portico', file)), readFileSync(source), file)
    }
    assert.match(assets.swaggerUiAssets().start.name, /^swagger-ui-init\.[0-9a-f]{12}\.js$/)
    assert.equal(assets.redocAssets().version, versions.redoc.version)
  })

  test('a missing folder or file fails naming it and the fix', (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'portico-openapi-assets-'))
    t.after(() => rmSync(dir, { recursive: true, force: true }))
    const missing = (run: () => unknown, what: RegExp, option: string) =>
      assert.throws(run, (error: Error & { code?: string }) => {
        assert.equal(error.code, 'PORTICO_ERR_OPENAPI_ASSETS_MISSING')
        assert.match(error.message, what)
        assert.match(error.message, /copy-assets\.mjs/)
        assert.match(error.message, /Reinstall @portico\/openapi/)
        assert.match(error.message, new RegExp(`${option}: null`))
        return true
      })
    missing(() => assets.swaggerUiAssets(dir), /versions\.json not found/, 'docsUrl')
    writeFileSync(join(dir, 'versions.json'), '{"swagger-ui": {"version": "1.2.3"}}')
    missing(() => assets.redocAssets(dir), /the "redoc" entry of .*versions\.json/, 'redocUrl')
    missing(() => assets.swaggerUiAssets(dir), /swagger-ui-bundle\.js not found/, 'docsUrl')
    mkdirSync(join(dir, 'swagger-ui'))
    for (const name of [
      'swagger-ui-bundle.js',
      'swagger-ui.css',
      'oauth2-redirect.js',
      'favicon-32x32.png',
    ]) {
      writeFileSync(join(dir, 'swagger-ui', name), 'x')
    }
    missing(() => assets.swaggerUiAssets(dir), /favicon-16x16\.png not found/, 'docsUrl')
    writeFileSync(join(dir, 'swagger-ui', 'favicon-16x16.png'), 'x')
    missing(() => assets.swaggerUiAssets(dir), /portico\/swagger-ui-init\.js not found/, 'docsUrl')
    mkdirSync(join(dir, 'portico'))
    writeFileSync(join(dir, 'portico', 'swagger-ui-init.js'), 'one')
    const first = assets.swaggerUiAssets(dir)
    assert.equal(first.version, '1.2.3')
    // Another start script, another name: the immutable cache never serves a stale one.
    writeFileSync(join(dir, 'portico', 'swagger-ui-init.js'), 'two')
    assert.notEqual(assets.swaggerUiAssets(dir).start.name, first.start.name)
  })
})
