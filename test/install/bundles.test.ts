// The library packages are loaded from one bundled module each (scripts/bundle-packages.mjs): their
// `exports` resolve to it, it exports exactly what the compiled entry exports, it imports other
// packages by name (never a copy of one inlined) and none of its own files, and it is not older than
// the dist/ it was made from.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { repoRoot } from '../lib/paths.js'

const PACKAGES = {
  '@portico/core': 'core',
  '@portico/openapi': 'openapi',
  '@portico/root-path': 'root-path',
  portico: 'portico',
}

describe('bundled packages', () => {
  for (const [name, dir] of Object.entries(PACKAGES)) {
    test(`${name}: exports resolve to bundle/index.js, with the names of dist/index.js`, async () => {
      const resolved = fileURLToPath(import.meta.resolve(name))
      assert.equal(resolved, `${repoRoot}packages/${dir}/bundle/index.js`)
      const bundled = await import(name)
      const compiled = await import(`${repoRoot}packages/${dir}/dist/index.js`)
      assert.deepEqual(Object.keys(bundled).sort(), Object.keys(compiled).sort())
    })

    test(`${name}: the bundle imports packages by name and none of its own files`, () => {
      const source = readFileSync(`${repoRoot}packages/${dir}/bundle/index.js`, 'utf8')
      const specifiers = [...source.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*["']([^"']+)["']/g)].map(
        (m) => m[1]!,
      )
      assert.ok(specifiers.length > 0)
      for (const specifier of specifiers)
        assert.doesNotMatch(specifier, /^\.|^\//, `${name} imports ${specifier}`)
      // The other Portico packages stay imports: one copy of each in an app (core's response base is
      // defined in core's bundle only).
      const definesCore = /\bPorticoResponse = class\b/.test(source)
      assert.equal(definesCore, name === '@portico/core')
      if (name === 'portico') {
        for (const dependency of ['@portico/core', '@portico/openapi', '@portico/root-path']) {
          assert.ok(specifiers.includes(dependency), `portico imports ${dependency}`)
        }
      }
    })
  }

  test('no bundle is older than its dist/ (bundle-packages --check)', async () => {
    const { staleBundles } = (await import(`${repoRoot}scripts/bundle-packages.mjs`)) as {
      staleBundles(): string[]
    }
    assert.deepEqual(staleBundles(), [])
  })
})
