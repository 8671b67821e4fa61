import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { SCHEMA_CACHE_FILE } from 'portico'

// `portico build` and `portico run --schema-cache` with the real bin on an app built by createApp.

const BIN = fileURLToPath(new URL('../bin/portico.js', import.meta.url))
const APP = fileURLToPath(new URL('./fixtures/schema-cache-app.js', import.meta.url))
const children = new Set<ReturnType<typeof spawn>>()
after(() => {
  for (const child of children) child.kill('SIGKILL')
})

function cli(args: string[]) {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  children.add(child)
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk) => (stdout += chunk))
  child.stderr.on('data', (chunk) => (stderr += chunk))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return { child, exited, out: () => stdout, err: () => stderr }
}

const entries = (dir: string) =>
  Object.keys(
    (JSON.parse(readFileSync(path.join(dir, SCHEMA_CACHE_FILE), 'utf8')) as { entries: object }).entries,
  )

describe('portico build', () => {
  test('writes the compiled schemas; portico run --schema-cache serves from them without recompiling', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'portico-build-'))
    after(() => rmSync(dir, { recursive: true, force: true }))
    const build = cli(['build', APP, '--schema-cache', dir])
    assert.equal(await build.exited, 0, build.err())
    assert.match(build.err(), /portico: \d+ compiled schemas in .*schemas-v1\.json/)
    assert.ok(entries(dir).length >= 3) // params, body, 200 response
    const mtime = statSync(path.join(dir, SCHEMA_CACHE_FILE)).mtimeMs

    const run = cli(['run', APP, '--port', '0', '--schema-cache', dir, '--log-level', 'warn'])
    const banner = await new Promise<string>((resolve, reject) => {
      run.child.stderr.on('data', () => {
        const match = /Portico running on (http:\/\/[^\s]+)/.exec(run.err())
        if (match) resolve(match[1]!)
      })
      run.exited.then(() => reject(new Error(`exited: ${run.err()}`)))
    })
    const post = (url: string, body: unknown) =>
      fetch(`${banner}${url}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
    const ok = await post('/items/3', { name: 'widget', price: 2 })
    assert.equal(ok.status, 200)
    assert.deepEqual(await ok.json(), { id: 3, name: 'widget', price: 2 })
    assert.equal((await post('/items/0', { name: 'widget', price: 2 })).status, 400)
    assert.equal((await post('/items/3', { name: '', price: 2 })).status, 400)
    run.child.kill('SIGTERM')
    assert.equal(await run.exited, 0)
    assert.equal(statSync(path.join(dir, SCHEMA_CACHE_FILE)).mtimeMs, mtime) // every schema hit
  })

  test('--schema-cache off builds nothing; a bad value is a usage error', async () => {
    const off = cli(['build', APP, '--schema-cache', 'off'])
    assert.equal(await off.exited, 0)
    assert.match(off.err(), /nothing to build/)
    const bad = cli(['build', APP, '--schema-cache', ' '])
    assert.equal(await bad.exited, 2)
    assert.match(bad.err(), /--schema-cache must be a directory or off/)
  })
})
