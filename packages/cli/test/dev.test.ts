import assert from 'node:assert/strict'
import { after, describe, test } from 'node:test'
import { freePort, get, killAll, runCli, spawnCli, waitUntil } from './helpers.js'
import { descendantsOf, isAlive, type TempProject, tempProject } from './temp-project.js'

after(killAll)

// `portico dev` on a real TypeScript project (fastify only) in a temp directory, with the
// workspace's fastify and typescript linked into its node_modules. The server keeps one port across
// restarts, so the project's responses tell which build answers.

const TSCONFIG = JSON.stringify({
  compilerOptions: {
    target: 'es2022',
    module: 'nodenext',
    rootDir: 'src',
    outDir: 'dist',
    strict: true,
    skipLibCheck: true,
    types: [],
  },
  include: ['src'],
})

const appSource = (version: number) => `import Fastify from 'fastify'

export default function build(runtime: { logger: { level: string } }) {
  const app = Fastify({ logger: runtime.logger })
  app.get('/', async () => ({ version: ${version}, pid: process.pid }))
  return app
}
`
const COMPILE_ERROR = 'export const broken: number = "not a number"\n'

async function devProject(source: string): Promise<TempProject> {
  const project = await tempProject({ links: ['fastify', 'typescript'] })
  await project.write('tsconfig.json', TSCONFIG)
  await project.write('src/main.ts', source)
  return project
}

/** Waits until the server at `origin` answers with `version`; returns its body. */
const answers = (origin: string, version: number) =>
  waitUntil(`version ${version} at ${origin}`, async () => {
    const body = (await get(`${origin}/`)).json() as { version: number; pid: number }
    return body.version === version ? body : undefined
  })

describe('portico dev', () => {
  test('serves, restarts on an edit, keeps the last good server through a compile error, SIGTERM stops everything', async (t) => {
    const project = await devProject(appSource(1))
    t.after(() => project.remove())
    const port = await freePort()
    const origin = `http://127.0.0.1:${port}`
    const cli = spawnCli(
      ['dev', 'dist/main.js', '--port', String(port), '--log-level', 'warn'],
      {},
      { cwd: project.dir },
    )

    const first = await answers(origin, 1)
    await cli.waitFor(/^Portico running on http:\/\/127\.0\.0\.1:\d+$/m)

    await project.write('src/main.ts', appSource(2))
    const second = await answers(origin, 2)
    assert.notEqual(second.pid, first.pid, 'a new server process')
    await cli.waitFor(/^portico: compiled; restarting the server$/m)

    // tsc still emits dist/main.js (version 3) despite the error; the running build must stay.
    await project.write('src/main.ts', `${appSource(3)}${COMPILE_ERROR}`)
    await cli.waitFor(/^src\/main\.ts\(8,14\): error TS2322: /m)
    await cli.waitFor(
      /^portico: 1 compile error; the server keeps running the last good build until they are fixed$/m,
    )
    assert.deepEqual((await get(`${origin}/`)).json(), second)

    const tree = descendantsOf(cli.child.pid!)
    assert.ok(tree.length >= 2, `tsc and the server run under portico dev (found ${tree.length})`)
    cli.child.kill('SIGTERM')
    const { code } = await cli.exited
    assert.equal(code, 0, cli.stderr())
    assert.match(cli.stderr(), /^portico: SIGTERM received; stopping tsc and the server$/m)
    await waitUntil('no process left behind', () => (tree.some(isAlive) ? undefined : true), 5000)
    await assert.rejects(get(`${origin}/`), /ECONNREFUSED/)
  })

  test('a first build with errors starts no server until they are fixed; SIGINT exits 0', async (t) => {
    const project = await devProject(`${appSource(1)}${COMPILE_ERROR}`)
    t.after(() => project.remove())
    const port = await freePort()
    const origin = `http://127.0.0.1:${port}`
    const cli = spawnCli(
      ['dev', 'dist/main.js', '--port', String(port), '--log-level', 'warn'],
      {},
      { cwd: project.dir },
    )

    await cli.waitFor(
      /^src\/main\.ts\(8,14\): error TS2322: Type 'string' is not assignable to type 'number'\.$/m,
    )
    await cli.waitFor(/^portico: 1 compile error; the server starts once they are fixed$/m)
    await assert.rejects(get(`${origin}/`), /ECONNREFUSED/)

    await project.write('src/main.ts', appSource(1))
    await answers(origin, 1)
    await cli.waitFor(/^portico: compiled; starting the server$/m)

    const tree = descendantsOf(cli.child.pid!)
    cli.child.kill('SIGINT')
    assert.equal((await cli.exited).code, 0, cli.stderr())
    await waitUntil('no process left behind', () => (tree.some(isAlive) ? undefined : true), 5000)
  })

  test('a server that cannot start is reported and dev keeps watching', async (t) => {
    const project = await devProject(appSource(1))
    t.after(() => project.remove())
    const cli = spawnCli(['dev', 'dist/nope.js', '--port', '0'], {}, { cwd: project.dir })
    await cli.waitFor(/^portico: cannot find module 'dist\/nope\.js'/m)
    await cli.waitFor(
      /^portico: the server exited with code 3; it starts again after the next compilation without errors$/m,
    )
    assert.equal(cli.child.exitCode, null, 'dev still runs')
    cli.child.kill('SIGTERM')
    assert.equal((await cli.exited).code, 0, cli.stderr())
  })

  test('without TypeScript in the project: exit 3 with how to install it', async (t) => {
    const project = await tempProject({ links: ['fastify'] })
    t.after(() => project.remove())
    const result = await runCli(['dev', 'dist/main.js'], {}, 20_000, { cwd: project.dir })
    assert.equal(result.code, 3, result.stderr)
    assert.equal(
      result.stderr,
      `portico: cannot find TypeScript from ${project.dir}: portico dev runs the project's own tsc (install it with "npm install --save-dev typescript")\n`,
    )
  })

  test('a missing --project: exit 3 naming it', async (t) => {
    const project = await devProject(appSource(1))
    t.after(() => project.remove())
    const result = await runCli(['dev', 'dist/main.js', '--project', 'tsconfig.build.json'], {}, 20_000, {
      cwd: project.dir,
    })
    assert.equal(result.code, 3, result.stderr)
    assert.match(
      result.stderr,
      /^portico: --project 'tsconfig\.build\.json' not found \(resolved to \/.*\/tsconfig\.build\.json\)/,
    )
  })

  test('--help lists --project and every run flag, with their defaults', async () => {
    const result = await runCli(['dev', '--help'])
    assert.equal(result.code, 0)
    assert.match(result.stdout, /^Usage: portico dev <module> \[options\]/)
    assert.match(result.stdout, /^ {2}--project FILE .*\[default tsconfig\.json\]$/m)
    for (const flag of [
      '--host',
      '--port',
      '--root-path',
      '--forwarded-allow-ips',
      '--workers',
      '--log-level',
    ]) {
      assert.match(result.stdout, new RegExp(`^  ${flag}`, 'm'))
    }
    assert.match(result.stdout, /--port PORT .*\[default 8000; env PORTICO_PORT, PORT\]/)
  })
})
