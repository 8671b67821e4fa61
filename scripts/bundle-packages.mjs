#!/usr/bin/env node
// Bundles the compiled library packages (what `tsc -b` wrote to dist/) into one ES module each,
// `<package>/bundle/index.js`, the file their package.json `exports` point Node to. Node 20's ES
// module loader costs about a millisecond per module file (resolution, stats, an asynchronous read,
// compilation and linking); the four libraries are some 140 files, which made `import 'portico'` the
// largest part of Portico's cold start beyond Fastify's own. Every bare import (fastify, TypeBox, the
// @fastify plugins and the other @portico packages) stays an import, so each package still exists
// once in an app, and dynamic imports of optional plugins stay lazy. Types stay in dist/.
//
// `pnpm build` runs it after tsc; scripts/test.mjs and the benchmark driver run it again first, so a
// bundle is never older than the dist/ files it is made of (a `tsc -b` on its own rewrites only dist/).
//   node scripts/bundle-packages.mjs          bundle every library
//   node scripts/bundle-packages.mjs --check  exit 1 when a bundle is missing or older than its dist/
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))

/** The packages bundled: the libraries an app imports. (cli and create-portico are commands.) */
export const BUNDLED_PACKAGES = ['core', 'openapi', 'root-path', 'portico']

/** The newest modification time of the .js files under `dir`. */
function newestJs(dir) {
  let newest = 0
  for (const name of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, name.name)
    if (name.isDirectory()) newest = Math.max(newest, newestJs(path))
    else if (name.name.endsWith('.js')) newest = Math.max(newest, statSync(path).mtimeMs)
  }
  return newest
}

/** The packages whose bundle is missing or older than a file of its dist/. */
export function staleBundles() {
  return BUNDLED_PACKAGES.filter((name) => {
    const dir = join(root, 'packages', name)
    const bundle = join(dir, 'bundle', 'index.js')
    return !existsSync(bundle) || statSync(bundle).mtimeMs < newestJs(join(dir, 'dist'))
  })
}

/** Bundles every library package (esbuild, from the compiled dist/index.js). */
export async function bundlePackages() {
  const { build } = await import('esbuild')
  await Promise.all(
    BUNDLED_PACKAGES.map((name) => {
      const dir = join(root, 'packages', name)
      return build({
        entryPoints: [join(dir, 'dist', 'index.js')],
        outfile: join(dir, 'bundle', 'index.js'),
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        // Dependencies and the other @portico packages are imported, never copied in.
        packages: 'external',
        // Class and function names appear in error messages and DI diagnostics: keep them as written.
        keepNames: true,
        // Maps back through dist/'s own maps to src/, for stack traces and debuggers; src/ ships with
        // each package, so the map does not carry the sources again.
        sourcemap: true,
        sourcesContent: false,
        legalComments: 'none',
        logLevel: 'warning',
      })
    }),
  )
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--check')) {
    const stale = staleBundles()
    if (stale.length > 0) {
      console.error(
        `bundle-packages: stale or missing bundles: ${stale.join(', ')} (run node scripts/bundle-packages.mjs)`,
      )
      process.exit(1)
    }
  } else {
    await bundlePackages()
  }
}
