// What the packages' "exports" serve is bundle/ (scripts/bundle.mjs), built from tsc's dist/. These
// check that each bundle is what users should get: the same API as the compiled entry, no file of
// dist/ loaded behind it, and bundled from the dist/ tsc last wrote.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import { pathToFileURL } from 'node:url'
import { repoRoot } from '../lib/paths.js'

const ENTRIES: Record<string, Record<string, string>> = {
  'packages/core': { '.': 'index' },
  'packages/openapi': { '.': 'index' },
  'packages/root-path': { '.': 'index' },
  'packages/portico': { '.': 'index' },
  'packages/cli': { '.': 'index', './access-line': 'access-line' },
}

/** The ESM target of an "exports" entry (a path, or the `default` of its conditions). */
function target(entry: unknown): string {
  return typeof entry === 'string' ? entry : (entry as { default: string }).default
}

for (const [dir, entries] of Object.entries(ENTRIES)) {
  const manifest = JSON.parse(readFileSync(join(repoRoot, dir, 'package.json'), 'utf8'))
  describe(`${manifest.name} is served from its bundle`, () => {
    for (const [subpath, name] of Object.entries(entries)) {
      test(`"${subpath}" exports bundle/${name}.js, with the API of dist/${name}.js`, async () => {
        assert.equal(target(manifest.exports[subpath]), `./bundle/${name}.js`)
        const bundled = await import(pathToFileURL(join(repoRoot, dir, 'bundle', `${name}.js`)).href)
        const compiled = await import(pathToFileURL(join(repoRoot, dir, 'dist', `${name}.js`)).href)
        assert.deepEqual(Object.keys(bundled).sort(), Object.keys(compiled).sort())
        // Bundled without keepNames (scripts/bundle.mjs): an exported class or function renamed on a
        // collision would change the names messages and documents read (security schemes...).
        for (const [key, value] of Object.entries(compiled)) {
          if (typeof value === 'function') assert.equal(bundled[key].name, value.name, `${key}.name`)
        }
      })
    }

    test('no bundle file imports from dist/', () => {
      const bundleDir = join(repoRoot, dir, 'bundle')
      for (const file of readdirSync(bundleDir).filter((f) => f.endsWith('.js'))) {
        const code = readFileSync(join(bundleDir, file), 'utf8')
        assert.doesNotMatch(
          code,
          /(from|import)\s*\(?["'][^"']*dist\//,
          `${dir}/bundle/${file} imports from dist/`,
        )
      }
    })
  })
}

test('bundle/ is what bundling the current dist/ gives (no tsc -b left unbundled)', () => {
  const result = spawnSync(process.execPath, [join(repoRoot, 'scripts/bundle.mjs'), '--check'], {
    encoding: 'utf8',
  })
  assert.equal(result.status, 0, result.stderr)
})
