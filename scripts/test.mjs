#!/usr/bin/env node
// The whole test suite, as the README and CI run it (after scripts/setup.sh has built everything):
//   1. Debian packages the end-to-end tests drive (installed when missing and we are root);
//   2. the linter/formatter over every package, and the import boundaries between packages;
//   3. the type tests (packages/*/test-types: handler types that disagree with schemas must not compile);
//   4. node:test over the compiled tests of every package, the cross-package tests in test/, and the
//      benchmark driver's argument tests (bench/test; the benchmarks themselves run with npm run bench).
// Flags: --no-system skips step 1 (tests that need a missing binary then fail, never skip silently).
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const args = new Set(process.argv.slice(2))

function run(cmd, argv, opts = {}) {
  const r = spawnSync(cmd, argv, { stdio: 'inherit', cwd: root, ...opts })
  if (r.error) throw r.error
  return r.status ?? 1
}

function which(bin) {
  return spawnSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore' }).status === 0
}

function installSystemPackages() {
  const wanted = readFileSync(join(root, 'scripts/system-packages.txt'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split(/\s+/))
  const missing = wanted.filter(([bin]) => !which(bin)).map(([, pkg]) => pkg)
  if (missing.length === 0) return
  if (process.getuid?.() !== 0) {
    console.error(`test: missing system packages (${missing.join(', ')}); run as root or install them`)
    return
  }
  console.error(`test: installing ${missing.join(' ')} with apt-get`)
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  if (run('apt-get', ['update', '-qq'], { env }) !== 0) process.exit(1)
  const status = run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { env })
  if (status !== 0) process.exit(status)
  // Debian starts nginx/haproxy/caddy/apache2 services on install; the tests run their own instances.
  for (const svc of ['nginx', 'haproxy', 'caddy', 'apache2']) {
    spawnSync('sh', ['-c', `service ${svc} stop >/dev/null 2>&1 || true`], { stdio: 'ignore' })
  }
}

function findTests(dir) {
  if (!existsSync(dir)) return []
  const out = []
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules') continue
    const p = join(dir, name)
    if (statSync(p).isDirectory()) out.push(...findTests(p))
    else if (name.endsWith('.test.js')) out.push(p)
  }
  return out.sort()
}

if (!args.has('--no-system')) installSystemPackages()

let status = run('pnpm', ['exec', 'biome', 'check', '.'])
if (status !== 0) {
  console.error('test: lint failed (pnpm lint:fix repairs formatting)')
  process.exit(status)
}
// Import boundaries (.dependency-cruiser.json), on the compiled packages: core, openapi and
// root-path import no @portico/* package, the cli imports only root-path, no cycle anywhere.
status = run('pnpm', ['run', '--silent', 'lint:imports'])
if (status !== 0) {
  console.error('test: import boundaries broken (see .dependency-cruiser.json for the rules)')
  process.exit(status)
}
// Type tests: each packages/*/test-types/tsconfig.json compiles (noEmit) files whose
// `// @ts-expect-error` lines must stay errors; tsc fails when one of them compiles.
for (const pkg of readdirSync(join(root, 'packages'))) {
  const project = join('packages', pkg, 'test-types', 'tsconfig.json')
  if (!existsSync(join(root, project))) continue
  status = run('pnpm', ['exec', 'tsc', '-p', project])
  if (status !== 0) {
    console.error(`test: type tests failed in ${project}`)
    process.exit(status)
  }
}

const files = [
  ...readdirSync(join(root, 'packages')).flatMap((p) => findTests(join(root, 'packages', p, 'dist-test'))),
  ...readdirSync(join(root, 'examples')).flatMap((p) => findTests(join(root, 'examples', p, 'dist-test'))),
  ...findTests(join(root, 'test', 'dist')),
  ...findTests(join(root, 'bench', 'dist', 'test')),
].map((f) => relative(root, f))
if (files.length === 0) {
  console.error('test: no compiled tests found; did the build run?')
  process.exit(1)
}
status = run(process.execPath, ['--test', '--test-concurrency=2', '--test-timeout=120000', ...files])
process.exit(status)
