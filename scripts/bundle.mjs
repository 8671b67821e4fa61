#!/usr/bin/env node
// Bundles each runtime package's compiled entries (dist/, from `tsc -b`) into bundle/, the files its
// package.json "exports" serve. Loading ~150 small ES modules cost a Portico process about 80 ms of
// its startup (`import('portico')` after Fastify and TypeBox: 118 to 131 ms from dist/, 40 to 46
// bundled) and, through the young generation V8 grows while they load, idle RSS; one module per
// entry loads the same code without that (docs/performance.md, "Cold start: one module per package,
// and Node's nextTick after a full GC"). Bundled processes serve as fast as unbundled ones only with
// core's tick-shape.ts: without it, most fell into Node 20's slow nextTick state.
//
// - Dependencies stay outside (`packages: 'external'`), @portico/* included: each package is loaded
//   once, from its own bundle, so classes and symbols shared between packages keep one identity.
//   ES module dependencies stay imports; CommonJS ones are required (`commonJsByRequire` below).
// - Entries of one package share code through chunks (`splitting`), so a module two entries use
//   (cli's access-line, imported by its index and by `portico`) still exists once; a dynamic import
//   (cli's commands) stays lazy.
// - bundle/ sits beside dist/, so paths built from `import.meta.url` (`../package.json`,
//   `../assets/`, `./bin.js`) resolve as they do from dist/.
// - No `keepNames`: it wraps every named function and class in a `__name()` call (a defineProperty;
//   for a closure, each time one is made); with it requests cost 10 to 25% more when it was tried,
//   before the nextTick state was found, so part of that may have been the state. Scope hoisting
//   renames only colliding top-level helpers, whose names nothing reads;
//   test/integration/bundles.test.ts checks that every export keeps its name.
// - Source maps chain through dist/*.js.map to src/*.ts (published), so stack traces name sources.
//
// Files are written to a temporary name and renamed, and left alone when unchanged (a build that
// runs while tests load these never exposes half a file); stale chunks are removed.
//
// `node scripts/bundle.mjs --check` writes nothing: it exits 1, naming the files, when bundle/ is not
// what bundling the current dist/ gives (a `tsc -b` run without this script after it).
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = fileURLToPath(new URL('..', import.meta.url))

/** The entries of each package: dist/<name>.js bundled to bundle/<name>.js. */
const PACKAGES = {
  'packages/core': ['index'],
  'packages/openapi': ['index'],
  'packages/root-path': ['index'],
  'packages/portico': ['index'],
  // bin: what the checked-in bin/portico.js launches, and what server-process.ts forks.
  'packages/cli': ['index', 'access-line', 'bin'],
}

/**
 * The package `specifier` names, as seen from `dir`: its package.json, found up the node_modules
 * folders as Node finds it (pnpm's links included). `undefined` for a built-in or an unknown name.
 */
function packageJsonOf(specifier, dir) {
  const name = specifier.startsWith('@')
    ? specifier.split('/').slice(0, 2).join('/')
    : specifier.split('/')[0]
  for (let current = dir; ; current = dirname(current)) {
    const file = join(current, 'node_modules', name, 'package.json')
    if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'))
    if (dirname(current) === current) return undefined
  }
}

/** Whether Node loads `specifier` as CommonJS for an `import`: no ES module build for it to pick. */
function isCommonJs(specifier, dir) {
  const pkg = packageJsonOf(specifier, dir)
  if (pkg === undefined) return false
  if (pkg.type === 'module') return false
  return !JSON.stringify(pkg.exports ?? null).includes('"import"')
}

/**
 * Loads the CommonJS dependencies with `require` (of `createRequire(import.meta.url)`), not `import`.
 * Node 20 runs every CommonJS module that an ES module imports through cjs-module-lexer, in
 * JavaScript, to find its named exports: for Portico's (reflect-metadata, fastify-plugin,
 * @fastify/error, @fastify/swagger...) `import('portico')` took 22 ms instead of about 50, and V8
 * optimizing the lexer cost a background thread some 50 ms more, which a start pinned to one core
 * waits for (docs/performance.md, "Cold start: CommonJS dependencies by require"). `import x from
 * 'cjs'` becomes esbuild's interop over `require('cjs')`: `x` is `module.exports`, as Node gives it.
 * test/integration/bundles.test.ts checks that importing the bundles loads no CommonJS by import.
 */
const commonJsByRequire = {
  name: 'commonjs-by-require',
  setup(b) {
    b.onResolve({ filter: /^portico-bundle:require$/ }, () => ({
      path: 'require',
      namespace: 'portico-bundle',
    }))
    b.onLoad({ filter: /^require$/, namespace: 'portico-bundle' }, () => ({
      contents:
        "import { createRequire } from 'node:module'\nexport const load = createRequire(import.meta.url)\n",
      loader: 'js',
    }))
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      // Static imports only: a dynamic import() (an optional plugin loaded on use) stays one, with
      // the error Node gives when the package is not installed.
      if (args.kind !== 'import-statement' || args.namespace !== 'file' || args.path.startsWith('node:')) {
        return undefined
      }
      if (!isCommonJs(args.path, args.resolveDir)) return undefined
      return { path: args.path, namespace: 'commonjs-by-require' }
    })
    b.onLoad({ filter: /.*/, namespace: 'commonjs-by-require' }, (args) => ({
      contents: `module.exports = require('portico-bundle:require').load(${JSON.stringify(args.path)})\n`,
      loader: 'js',
    }))
  },
}

const check = process.argv.includes('--check')
/** Files of bundle/ that differ from what the build gives (missing, changed or stale). */
const differing = []

/** Writes `content` to `file` only when it changed, through a rename (in --check: records it). */
function writeIfChanged(file, content) {
  let old
  try {
    old = readFileSync(file)
  } catch {}
  if (old?.equals(content)) return
  if (check) return void differing.push(file)
  writeFileSync(`${file}.tmp`, content)
  renameSync(`${file}.tmp`, file)
}

for (const [dir, entries] of Object.entries(PACKAGES)) {
  const outdir = join(root, dir, 'bundle')
  const result = await build({
    absWorkingDir: join(root, dir),
    entryPoints: Object.fromEntries(entries.map((name) => [name, join(root, dir, 'dist', `${name}.js`)])),
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    sourcesContent: false,
    chunkNames: 'chunk-[hash]',
    plugins: [commonJsByRequire],
    write: false,
    logLevel: 'warning',
  })
  if (!check) mkdirSync(outdir, { recursive: true })
  const written = new Set()
  for (const file of result.outputFiles) {
    writeIfChanged(file.path, Buffer.from(file.contents))
    written.add(basename(file.path))
  }
  for (const name of check && !existsSync(outdir) ? [] : readdirSync(outdir)) {
    if (written.has(name)) continue
    if (check) differing.push(join(outdir, name))
    else rmSync(join(outdir, name), { force: true })
  }
}
if (differing.length > 0) {
  process.stderr.write(
    `bundle: not what the current dist/ bundles to (run \`node scripts/bundle.mjs\`; pnpm build does):\n${differing.map((f) => `  ${f}\n`).join('')}`,
  )
  process.exit(1)
}
