// What the clean-install test does as a user would: pack the packages, run npm in directories outside
// the workspace, compile with the installed tsc, start servers and measure node_modules.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, parse } from 'node:path'
import {
  docsPageRefs,
  freePort,
  getJson,
  registerTempDir,
  request,
  spawnManaged,
  waitForHttp,
} from '../lib/index.js'
import { repoRoot } from '../lib/paths.js'

/** What a finished command printed. */
export interface CommandResult {
  code: number | null
  stdout: string
  stderr: string
  /** stdout and stderr, for searching warnings wherever npm put them. */
  output: string
}

/** npm settings of the machine that say how to reach the registry (a mirror, a proxy): kept. */
const KEPT_NPM_CONFIG = /^npm_config_(registry|proxy|https_proxy|noproxy|cafile|ca|strict_ssl)$/i
/**
 * Set by the package manager that runs this test (about the workspace), and by node's test runner
 * (NODE_TEST_CONTEXT makes a `node --test` in a child skip every file and exit 0).
 */
const DROPPED = new Set(['INIT_CWD', 'NODE_OPTIONS', 'NODE_PATH', 'NODE_TEST_CONTEXT'])

/**
 * The environment of every command: this process's, without the `npm_*` / `pnpm_*` variables that
 * `npm test` and `pnpm` set (npm_config_local_prefix and friends would make a nested npm treat the
 * workspace as its project) except those about reaching the registry, with npm's chatter turned off.
 */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env)) {
    const keep = KEPT_NPM_CONFIG.test(key) || (!/^(npm|pnpm)_/i.test(key) && !DROPPED.has(key))
    if (keep) env[key] = value
  }
  return { ...env, npm_config_update_notifier: 'false', npm_config_fund: 'false', ...extra }
}

/** Runs a command to completion; throws (with its output) when it fails, unless `allowFailure`. */
export function run(
  command: string,
  args: string[],
  options: { cwd: string; env?: Record<string, string>; allowFailure?: boolean; timeoutMs?: number },
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: cleanEnv(options.env), stdio: 'pipe' })
    let stdout = ''
    let stderr = ''
    let output = ''
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      stdout += c
      output += c
    })
    child.stderr.setEncoding('utf8').on('data', (c: string) => {
      stderr += c
      output += c
    })
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 180_000)
    child.once('error', (error) => {
      clearTimeout(timer)
      reject(new Error(`${command} ${args.join(' ')} (in ${options.cwd}) could not start: ${error.message}`))
    })
    child.once('close', (code) => {
      clearTimeout(timer)
      const result = { code, stdout, stderr, output }
      if (code !== 0 && !options.allowFailure) {
        reject(
          new Error(
            `${command} ${args.join(' ')} (in ${options.cwd}) exited with ${code}\n${output.slice(-6000)}`,
          ),
        )
      } else resolve(result)
    })
  })
}

/** The scratch area of one test run: projects, tarballs and one npm cache shared by every install. */
export interface Scratch {
  root: string
  packs: string
  cache: string
}

/**
 * A directory under os.tmpdir(), outside the workspace, removed when the test process exits (the test
 * removes it itself in `after`). Fails when a parent directory has a node_modules or package.json,
 * which would let Node find packages the project did not install.
 */
export function makeScratch(): Scratch {
  const root = mkdtempSync(join(tmpdir(), 'portico-clean-install-'))
  registerTempDir(root)
  assert.ok(!root.startsWith(repoRoot), `${root} is inside the workspace ${repoRoot}`)
  for (let dir = dirname(root); dir !== parse(dir).root; dir = dirname(dir)) {
    for (const name of ['node_modules', 'package.json']) {
      assert.ok(!existsSync(join(dir, name)), `${join(dir, name)} exists: the test projects would see it`)
    }
  }
  const packs = join(root, 'packs')
  const cache = join(root, 'npm-cache')
  mkdirSync(packs)
  mkdirSync(cache)
  return { root, packs, cache }
}

/** The packages users install, by npm name, with their directories in the workspace. */
export const PUBLISHED = {
  portico: 'packages/portico',
  '@portico/core': 'packages/core',
  '@portico/openapi': 'packages/openapi',
  '@portico/root-path': 'packages/root-path',
  '@portico/cli': 'packages/cli',
  'create-portico': 'packages/create-portico',
} as const
export type PublishedName = keyof typeof PUBLISHED

/**
 * `pnpm pack --pack-destination <packs>` in each package directory (pnpm rewrites `workspace:*` to
 * the real versions); returns the tarball of each package. Checks each packed package.json.
 */
export async function packAll(scratch: Scratch): Promise<Record<PublishedName, string>> {
  const tarballs = {} as Record<PublishedName, string>
  for (const [name, dir] of Object.entries(PUBLISHED) as [PublishedName, string][]) {
    // pnpm pack packs what is there: an unbuilt package would install without its code (the entry
    // its exports serve, bundle/index.js for most, and dist/ for its types).
    const exported = JSON.parse(readFileSync(join(repoRoot, dir, 'package.json'), 'utf8')).exports['.']
      .default
    for (const file of new Set(['dist/index.js', exported as string])) {
      const built = join(repoRoot, dir, file)
      assert.ok(existsSync(built), `${built} is missing: run \`pnpm build\` before this test`)
    }
    const before = new Set(readdirSync(scratch.packs))
    await run('pnpm', ['pack', '--pack-destination', scratch.packs], { cwd: join(repoRoot, dir) })
    const made = readdirSync(scratch.packs).filter((f) => !before.has(f) && f.endsWith('.tgz'))
    assert.equal(made.length, 1, `pnpm pack in ${dir} made ${made.join(', ') || 'nothing'}`)
    tarballs[name] = join(scratch.packs, made[0]!)
    const manifest = (
      await run('tar', ['-xzOf', tarballs[name], 'package/package.json'], { cwd: scratch.root })
    ).stdout
    assert.doesNotMatch(manifest, /workspace:/, `the packed package.json of ${name} still says workspace:`)
    assert.equal(JSON.parse(manifest).name, name)
  }
  return tarballs
}

/** The file list of a tarball (`package/...` paths). */
export async function tarballFiles(tarball: string, cwd: string): Promise<string[]> {
  return (await run('tar', ['-tzf', tarball], { cwd })).stdout.split('\n').filter(Boolean)
}

/** npm's common flags: the shared cache, offline when the cache has it, no audit/fund round trips. */
export function npmFlags(scratch: Scratch): string[] {
  return ['--cache', scratch.cache, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel', 'http']
}

/**
 * Fails with a clear message when the npm registry cannot be reached (this test needs it, and never
 * skips); returns the versions of fastify it publishes.
 */
export async function fastifyVersions(scratch: Scratch): Promise<string[]> {
  const result = await run('npm', ['view', 'fastify', 'versions', '--json', '--cache', scratch.cache], {
    cwd: scratch.root,
    allowFailure: true,
    timeoutMs: 60_000,
  })
  if (result.code !== 0) {
    throw new Error(
      `clean-install: cannot reach the npm registry (npm view fastify versions failed); this test ` +
        `installs the peers from it and needs the network:\n${result.output.slice(-2000)}`,
    )
  }
  return JSON.parse(result.stdout) as string[]
}

/** `npm init -y` in a new directory under the scratch root; returns the directory and what npm wrote. */
export async function npmInit(scratch: Scratch, name: string): Promise<{ dir: string; pkg: any }> {
  const dir = join(scratch.root, name)
  mkdirSync(dir)
  await run('npm', ['init', '-y', '--cache', scratch.cache], { cwd: dir })
  return { dir, pkg: readJson(join(dir, 'package.json')) }
}

export function readJson(path: string): any {
  return JSON.parse(readFileSync(path, 'utf8'))
}

export function writeJson(path: string, value: unknown): void {
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`)
}

/**
 * Points every Portico package at its local tarball: `file:` dependencies for those the project
 * installs directly, and `overrides` for all (the packages are not on the registry, so npm must never
 * look them up, including as dependencies of `portico`). The two specs of a package are identical, as
 * npm requires for overrides of direct dependencies.
 */
export function useLocalTarballs(
  pkg: any,
  tarballs: Record<PublishedName, string>,
  direct: PublishedName[],
): void {
  pkg.dependencies ??= {}
  pkg.overrides ??= {}
  for (const name of [
    'portico',
    '@portico/core',
    '@portico/openapi',
    '@portico/root-path',
    '@portico/cli',
  ] as const) {
    pkg.overrides[name] = `file:${tarballs[name]}`
    if (direct.includes(name)) pkg.dependencies[name] = `file:${tarballs[name]}`
  }
}

/**
 * Asserts that npm (run with `--loglevel http`, which logs every registry request, cache hits too)
 * asked the registry for no Portico package: they are not published there, and a package of the
 * same name on the registry would be someone else's.
 */
export function assertNoRegistryLookups(output: string, expectSome = true): void {
  const fetches = output.split('\n').filter((line) => /npm http fetch /.test(line))
  if (expectSome) {
    assert.ok(
      fetches.length > 0,
      `npm logged no registry request (is --loglevel http in effect?):\n${output}`,
    )
  }
  const asked = fetches.filter((line) =>
    /https?:\/\/\S*\/(@portico(%2f|\/)|(create-)?portico(\/|\s|$))/i.test(line),
  )
  assert.deepEqual(asked, [], 'npm asked the registry for a Portico package, which is not published there')
}

/** `npm install` in `dir` (extra arguments appended); checks that npm never asked the registry for a Portico package. */
export async function npmInstall(scratch: Scratch, dir: string, ...args: string[]): Promise<CommandResult> {
  const result = await run('npm', ['install', ...npmFlags(scratch), ...args], { cwd: dir })
  assertNoRegistryLookups(result.output)
  const lock = readJson(join(dir, 'package-lock.json'))
  for (const [path, entry] of Object.entries(lock.packages as Record<string, any>)) {
    if (/node_modules\/(portico|@portico\/[^/]+)$/.test(path)) {
      assert.match(
        String(entry.resolved),
        /^file:/,
        `${path} resolved to ${entry.resolved}, not the local tarball`,
      )
    }
  }
  return result
}

/** npm 11's `npm warn install-scripts` lines and the packages they name. */
export function installScriptWarnings(output: string): string[] {
  return output.split('\n').filter((line) => /install-scripts/.test(line))
}

/** Size in bytes of a directory tree (files' apparent sizes, symlinks not followed), as `du -sb`. */
export function treeSize(path: string, skip: (path: string) => boolean = () => false): number {
  if (skip(path)) return 0
  const stat = lstatSync(path)
  if (!stat.isDirectory()) return stat.size
  let total = stat.size
  for (const name of readdirSync(path)) total += treeSize(join(path, name), skip)
  return total
}

/** Every package installed anywhere in `nodeModules` (nested ones too): name -> directories. */
export function installedPackages(nodeModules: string): Map<string, string[]> {
  const found = new Map<string, string[]>()
  const walk = (dir: string, scope = '') => {
    if (!existsSync(dir)) return
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue
      const path = join(dir, entry.name)
      if (!scope && entry.name.startsWith('@')) {
        walk(path, entry.name)
        continue
      }
      if (!entry.isDirectory()) continue
      const name = scope ? `${scope}/${entry.name}` : entry.name
      found.set(name, [...(found.get(name) ?? []), path])
      walk(join(path, 'node_modules'))
    }
  }
  walk(nodeModules)
  return found
}

/**
 * Bytes of the production closure of the project in `dir`: the directories `npm ls --omit=dev --all
 * --parseable` lists (each without its nested node_modules, which are listed themselves), so dev
 * tools (typescript, @types/node and their dependencies) are not counted.
 */
export async function productionSize(dir: string): Promise<number> {
  const listed = await run('npm', ['ls', '--omit=dev', '--all', '--parseable'], {
    cwd: dir,
    allowFailure: true,
  })
  const paths = [...new Set(listed.stdout.split('\n').filter((p) => p.includes('node_modules')))]
  assert.ok(paths.length > 0, `npm ls listed nothing:\n${listed.output.slice(-2000)}`)
  return paths.reduce((sum, path) => sum + treeSize(path, (p) => p === join(path, 'node_modules')), 0)
}

export const MB = 1024 * 1024

/** A running server started by the test, stopped in `t.after`. */
export interface Served {
  base: string
  stop(): Promise<unknown>
  describe(): string
}

/** Starts `command args` in `cwd` with PORT/HOST set, and waits until it answers HTTP. */
export async function serve(
  name: string,
  command: string,
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<Served> {
  const port = await freePort()
  const child = spawnManaged(command, args, {
    name,
    cwd,
    env: cleanEnv({ PORT: String(port), HOST: '127.0.0.1', ...env }),
  })
  const base = `http://127.0.0.1:${port}`
  try {
    await waitForHttp(`${base}/`, () => child.running, 30_000)
  } catch (error) {
    await child.stop()
    throw new Error(`${name} did not serve: ${(error as Error).message}\n${child.describe()}`)
  }
  return { base, stop: () => child.stop(), describe: () => child.describe() }
}

/** GET `url`, expect 200 (the message shows the status and body otherwise); returns the body. */
export async function get200(url: string): Promise<string> {
  const res = await request(url)
  assert.equal(res.status, 200, `GET ${url}: ${res.status} ${res.body.slice(0, 300)}`)
  return res.body
}

/**
 * The OpenAPI document and the docs pages under `prefix`: /openapi.json answers a 3.1 document,
 * /docs is HTML whose every same-origin asset answers 200, /redoc answers HTML.
 */
export async function assertDocs(base: string, prefix: string): Promise<any> {
  const document = await getJson(`${base}${prefix}/openapi.json`)
  assert.match(String(document.openapi), /^3\.1\./, `${prefix}/openapi.json is not an OpenAPI 3.1 document`)
  for (const page of ['docs', 'redoc']) {
    const pageUrl = `${base}${prefix}/${page}`
    const res = await request(pageUrl)
    assert.equal(res.status, 200, `GET ${pageUrl}: ${res.status}`)
    assert.match(String(res.headers['content-type']), /text\/html/, pageUrl)
    const assets = docsPageRefs(res.body).assets.filter((a) => !/^(https?:|data:|#|mailto:)/.test(a))
    assert.ok(page === 'redoc' || assets.length > 0, `${pageUrl} loads no assets`)
    for (const asset of assets) await get200(new URL(asset, pageUrl).href)
  }
  return document
}
