// What the packages' "exports" serve is bundle/ (scripts/bundle.mjs), built from tsc's dist/. These
// check that each bundle is what users should get: the same API as the compiled entry, no file of
// dist/ loaded behind it, and bundled from the dist/ tsc last wrote.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
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

test("importing each package runs no CommonJS dependency through Node's import (scripts/bundle.mjs requires them)", () => {
  // A loader hook sees every module `import` loads; a CommonJS one among them is one Node lexes for
  // its named exports (cjs-module-lexer), milliseconds of every start that `require` does not pay.
  const dir = mkdtempSync(join(tmpdir(), 'portico-cjs-imports-'))
  try {
    const seen = join(dir, 'seen.txt')
    writeFileSync(
      join(dir, 'hooks.mjs'),
      `import { appendFileSync } from 'node:fs'
export async function load(url, context, next) {
  const result = await next(url, context)
  if (result.format === 'commonjs') appendFileSync(${JSON.stringify(seen)}, url + '\\n')
  return result
}
`,
    )
    writeFileSync(
      join(dir, 'register.mjs'),
      `import { register } from 'node:module'\nregister(${JSON.stringify(pathToFileURL(join(dir, 'hooks.mjs')).href)})\n`,
    )
    const entries = Object.entries(ENTRIES).flatMap(([pkgDir, entries]) =>
      Object.values(entries).map(
        (name) => pathToFileURL(join(repoRoot, pkgDir, 'bundle', `${name}.js`)).href,
      ),
    )
    const script = `for (const url of ${JSON.stringify(entries)}) await import(url)`
    const result = spawnSync(
      process.execPath,
      ['--import', pathToFileURL(join(dir, 'register.mjs')).href, '--input-type=module', '-e', script],
      { encoding: 'utf8' },
    )
    assert.equal(result.status, 0, result.stderr)
    const imported = existsSync(seen) ? readFileSync(seen, 'utf8').trim().split('\n') : []
    assert.deepEqual(imported, [], `CommonJS modules loaded by import:\n${imported.join('\n')}`)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
