// What a new user does, outside this repository: the packed packages installed by npm in a fresh
// `npm init` project, with the peers from the registry, compiled by the installed tsc, served by node
// and by the installed `portico` bin, checked over HTTP; the sizes of node_modules; no install-script
// warnings; the declarations under strict settings; the `npm create portico` scaffold; and what a
// CommonJS project sees. Needs the npm registry (fails, never skips, without it).
import assert from 'node:assert/strict'
import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { getJson, releaseTempDir, request } from '../lib/index.js'
import { repoRoot } from '../lib/paths.js'
import { documentedOutput, writeFile, writeFullApp, writeTemplateApp } from './sources.js'
import {
  assertDocs,
  assertNoRegistryLookups,
  fastifyVersions,
  get200,
  installedPackages,
  installScriptWarnings,
  MB,
  makeScratch,
  npmFlags,
  npmInit,
  npmInstall,
  type PublishedName,
  packAll,
  productionSize,
  readJson,
  run,
  type Scratch,
  serve,
  tarballFiles,
  treeSize,
  useLocalTarballs,
  writeJson,
} from './support.js'

/**
 * The lowest fastify 5 release this suite passes with; peerDependencies claim `>=` it. 5.0.0 is tried
 * first; a failure here means the claimed range is wrong (or must be raised). To try another:
 * PORTICO_TEST_LOWEST_FASTIFY=5.5.0 node --test test/dist/install/clean-install.test.js
 */
const LOWEST_FASTIFY = process.env.PORTICO_TEST_LOWEST_FASTIFY || '5.0.0'
/** The limits a user was promised (node_modules of an app's production dependencies). */
const CORE_ONLY_MAX = 25 * MB
const FULL_MAX = 45 * MB
/** Packages only the docs pages' build needs; installing them costs MBs and install scripts. */
const FORBIDDEN = ['swagger-ui-dist', 'redoc', '@scarf/scarf', 'core-js']
const ALL_PORTICO: PublishedName[] = [
  'portico',
  '@portico/core',
  '@portico/openapi',
  '@portico/root-path',
  '@portico/cli',
]
const LONG = { timeout: 240_000 }

let scratch: Scratch
let tarballs: Record<PublishedName, string>
let latestFastify: string
const sizes: Record<string, string> = {}

/** Asserts npm printed no install-script warning (Portico's dependencies must not need scripts). */
function assertNoInstallScripts(output: string, where: string): void {
  assert.deepEqual(installScriptWarnings(output), [], `npm install in ${where} warned about install scripts`)
}

function tsc(dir: string, project = 'tsconfig.json', allowFailure = false) {
  return run(join(dir, 'node_modules/.bin/tsc'), ['-p', project], { cwd: dir, allowFailure })
}

// The suite as a whole gets more than the runner's default --test-timeout (120 s): packing and five
// npm installs take ~90 s alone, more when the rest of the suite shares the two cores.
describe('a clean install of the packed packages, outside the workspace', { timeout: 900_000 }, () => {
  before(async () => {
    scratch = makeScratch()
    const versions = await fastifyVersions(scratch)
    latestFastify = versions.filter((v) => /^5\.\d+\.\d+$/.test(v)).at(-1)!
    assert.ok(versions.includes(LOWEST_FASTIFY), `fastify ${LOWEST_FASTIFY} is not on the registry`)
    tarballs = await packAllLogged()
  }, LONG)
  after(() => {
    console.log(
      `clean-install: sizes ${JSON.stringify(sizes)}; fastify ${LOWEST_FASTIFY} and ${latestFastify}`,
    )
    if (scratch) releaseTempDir(scratch.root)
  })

  for (const which of ['lowest', 'latest'] as const) {
    test(
      `the full app (portico + peers) on fastify ${which === 'lowest' ? LOWEST_FASTIFY : '5.x latest'}`,
      LONG,
      async (t) => {
        const version = which === 'lowest' ? LOWEST_FASTIFY : latestFastify
        const { dir, pkg } = await npmInit(scratch, `full-${which}`)
        pkg.type = 'module'
        useLocalTarballs(pkg, tarballs, ALL_PORTICO)
        pkg.dependencies.fastify = version
        pkg.dependencies['@sinclair/typebox'] = '^0.34.0'
        pkg.devDependencies = { typescript: '^7.0.0', '@types/node': '^20.0.0' }
        writeJson(join(dir, 'package.json'), pkg)
        const install = await npmInstall(scratch, dir)
        assertNoInstallScripts(install.output, dir)
        const installed = installedPackages(join(dir, 'node_modules'))
        for (const name of FORBIDDEN)
          assert.equal(installed.has(name), false, `${name} is installed with portico`)
        const fastifies = installed.get('fastify') ?? []
        assert.deepEqual(fastifies, [join(dir, 'node_modules/fastify')], 'one copy of fastify, the app’s')
        assert.equal(readJson(join(dir, 'node_modules/fastify/package.json')).version, version)

        writeFullApp(dir)
        // Each check is a subtest of its own, so that one failure does not hide the others.
        await t.test('compiles with the documented tsconfig', async () => {
          await tsc(dir)
        })
        // The declarations, type-checked in full (skipLibCheck: false) under both resolutions users pick.
        await t.test('declarations compile with skipLibCheck false (nodenext)', async () => {
          await tsc(dir, 'tsconfig.libcheck.json')
        })
        await t.test('declarations compile with skipLibCheck false (preserve + bundler)', async () => {
          await tsc(dir, 'tsconfig.bundler.json')
        })

        await t.test("the README's quick start serves, run with node", async (t) => {
          const quick = await serve(`quickstart on fastify ${version}`, 'node', ['dist/quickstart.js'], dir)
          t.after(() => quick.stop())
          for (const path of ['/api/v1/app', '/app']) {
            const body = await getJson(`${quick.base}${path}`)
            assert.deepEqual(body, { message: 'Hello World', root_path: '/api/v1' }, path)
          }
          for (const prefix of ['/api/v1', '']) {
            const document = await assertDocs(quick.base, prefix)
            assert.deepEqual(document.servers, [
              { url: 'https://stag.example.com', description: 'Staging environment' },
            ])
            assert.ok(document.paths['/app']?.get, `${prefix}/openapi.json documents /app`)
          }
        })

        await t.test(
          'a factory app with constructor injection serves, run by the installed `portico` bin',
          async (t) => {
            const bin = join(dir, 'node_modules/.bin/portico')
            const served = await serve(
              `portico run on fastify ${version}`,
              bin,
              ['run', 'dist/app.js', '--root-path', '/api'],
              dir,
            )
            t.after(() => served.stop())
            assert.deepEqual(await getJson(`${served.base}/api/items`), [{ id: 1, name: 'first' }])
            const created = await fetch(`${served.base}/items`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ name: 'second' }),
            })
            assert.equal(created.status, 201)
            assert.deepEqual(await created.json(), { id: 2, name: 'second' })
            assert.equal((await request(`${served.base}/items`, { method: 'POST' })).status, 400)
            const document = await assertDocs(served.base, '/api')
            assert.deepEqual(document.servers, [{ url: '/api' }])
          },
        )

        await t.test(`production node_modules <= ${FULL_MAX / MB} MB`, async () => {
          // What the app runs with: typescript and @types/node are the user's dev tools and are left
          // out (productionSize counts the `npm ls --omit=dev` closure).
          const size = await productionSize(dir)
          sizes[`full app, fastify ${version} (production deps)`] = `${(size / MB).toFixed(1)} MB`
          assert.ok(
            size <= FULL_MAX,
            `the full app's production node_modules is ${(size / MB).toFixed(1)} MB`,
          )
        })
      },
    )
  }

  test('an app with only @portico/core and the peers stays small', LONG, async () => {
    const { dir, pkg } = await npmInit(scratch, 'core-only')
    pkg.type = 'module'
    useLocalTarballs(pkg, tarballs, ['@portico/core'])
    pkg.dependencies.fastify = '^5.0.0'
    pkg.dependencies['@sinclair/typebox'] = '^0.34.0'
    writeJson(join(dir, 'package.json'), pkg)
    const install = await npmInstall(scratch, dir)
    assertNoInstallScripts(install.output, dir)
    const installed = installedPackages(join(dir, 'node_modules'))
    for (const name of [...FORBIDDEN, 'portico', '@portico/openapi', '@portico/root-path', '@portico/cli']) {
      assert.equal(installed.has(name), false, `${name} is installed in a core-only app`)
    }
    const size = treeSize(join(dir, 'node_modules'))
    sizes['core only'] = `${(size / MB).toFixed(1)} MB`
    assert.ok(size <= CORE_ONLY_MAX, `a core-only node_modules is ${(size / MB).toFixed(1)} MB`)
    // The core loads and boots in a plain Fastify app with what it installed.
    writeFile(
      dir,
      'boot.js',
      "import Fastify from 'fastify'\nimport { portico } from '@portico/core'\n" +
        'const app = Fastify()\napp.register(portico, { controllers: [] })\nawait app.ready()\nawait app.close()\n',
    )
    await run('node', ['boot.js'], { cwd: dir })
  })

  test(
    'npm create portico: the scaffold installs, tests, builds, starts and serves in dev',
    LONG,
    async (t) => {
      const created = await run(
        'npm',
        [
          'exec',
          '--yes',
          `--package=${tarballs['create-portico']}`,
          ...npmFlags(scratch),
          '--',
          'create-portico',
          'my-api',
        ],
        { cwd: scratch.root },
      )
      assert.match(created.stdout, /cd my-api && npm install && npm run dev/)
      assertNoRegistryLookups(created.output, false)
      const dir = join(scratch.root, 'my-api')
      const pkg = readJson(join(dir, 'package.json'))
      // create-portico and portico are released together: the scaffold asks for its own version.
      assert.equal(
        pkg.dependencies.portico,
        `^${readJson(join(repoRoot, 'packages/portico/package.json')).version}`,
      )
      useLocalTarballs(pkg, tarballs, ['portico'])
      writeJson(join(dir, 'package.json'), pkg)
      const install = await npmInstall(scratch, dir)
      assertNoInstallScripts(install.output, dir)
      const tested = await run('npm', ['test'], { cwd: dir })
      assert.match(tested.output, /# pass [1-9]/, `npm test ran no test:\n${tested.output}`)
      assert.match(tested.output, /# fail 0/)
      rmSync(join(dir, 'dist'), { recursive: true, force: true })
      await run('npm', ['run', 'build'], { cwd: dir })

      const started = await serve('npm start (scaffold)', 'npm', ['start'], dir)
      t.after(() => started.stop())
      assert.deepEqual(await getJson(`${started.base}/hello/world`), {
        message: 'Hello, world!',
        root_path: '',
      })
      await assertDocs(started.base, '')
      await started.stop()

      const dev = await serve('npm run dev (scaffold)', 'npm', ['run', 'dev'], dir)
      t.after(() => dev.stop())
      assert.deepEqual(await getJson(`${dev.base}/hello/dev`), { message: 'Hello, dev!', root_path: '' })
      await get200(`${dev.base}/docs`)
    },
  )

  test(
    'a CommonJS project gets the errors docs/getting-started.md shows, and its fix works',
    LONG,
    async () => {
      const { dir, pkg } = await npmInit(scratch, 'commonjs-project')
      assert.notEqual(pkg.type, 'module', 'npm init makes a CommonJS package')
      useLocalTarballs(pkg, tarballs, ['portico'])
      pkg.dependencies.fastify = '^5.0.0'
      pkg.dependencies['@sinclair/typebox'] = '^0.34.0'
      pkg.dependencies.typebox = '^1.0.0' // for the TypeBox 1.x check below
      pkg.devDependencies = { typescript: '^7.0.0', '@types/node': '^20.0.0' }
      writeJson(join(dir, 'package.json'), pkg)
      await npmInstall(scratch, dir)
      writeTemplateApp(dir)

      const failed = await tsc(dir, 'tsconfig.json', true)
      assert.notEqual(failed.code, 0, 'tsc compiles a CommonJS project')
      for (const line of documentedOutput('## A CommonJS project')) {
        assert.ok(failed.output.includes(line), `tsc does not print "${line}"; it printed:\n${failed.output}`)
      }
      const runCjs = await run(join(dir, 'node_modules/.bin/portico'), ['run', 'dist/main.js'], {
        cwd: dir,
        allowFailure: true,
      })
      assert.notEqual(runCjs.code, 0)
      assert.match(
        runCjs.output,
        /module 'dist\/main\.js' failed to load: portico is an ES module package and this file compiles to CommonJS: set "type": "module" in package.json .*\[ERR_REQUIRE_ESM\]/,
      )

      // The fix the page gives.
      await run('npm', ['pkg', 'set', 'type=module'], { cwd: dir })
      rmSync(join(dir, 'dist'), { recursive: true, force: true })
      await tsc(dir)
      const tested = await run('node', ['--test', 'dist/hello.test.js'], { cwd: dir })
      assert.match(tested.output, /# pass [1-9]/, `node --test ran no test:\n${tested.output}`)

      // TypeBox 1.x (`typebox`) in an ES module project: the errors the page shows.
      writeFile(
        dir,
        'src/hello.controller.ts',
        readFileSync(join(dir, 'src/hello.controller.ts'), 'utf8').replace(
          "from '@sinclair/typebox'",
          "from 'typebox'",
        ),
      )
      const typebox1 = await tsc(dir, 'tsconfig.json', true)
      assert.notEqual(typebox1.code, 0, 'TypeBox 1.x schemas compile against Portico’s types')
      for (const line of documentedOutput('### TypeBox: `@sinclair/typebox` 0.34')) {
        assert.ok(
          typebox1.output.includes(line),
          `tsc does not print "${line}"; it printed:\n${typebox1.output}`,
        )
      }
    },
  )
})

/** Packs every publishable package (see packAll) and checks what the tarballs contain. */
async function packAllLogged(): Promise<Record<PublishedName, string>> {
  const packed = await packAll(scratch)
  const scaffold = await tarballFiles(packed['create-portico'], scratch.root)
  for (const file of ['package/bin/create-portico.js', 'package/dist/bin.js', 'package/template/gitignore']) {
    assert.ok(scaffold.includes(file), `the create-portico tarball lacks ${file}`)
  }
  return packed
}
