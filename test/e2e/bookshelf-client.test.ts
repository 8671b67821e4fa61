// examples/bookshelf behind nginx publishing it under /api/v1, stripping the prefix
// (test/proxies/nginx/strip.conf) and passing it through (passthrough.conf), served with the real
// `portico run --root-path /api/v1` (PORTICO_ROOT_PATH): a client generated from the served document
// with openapi-typescript type-checks with TypeScript 5.9 (examples/bookshelf/client) and, run with
// openapi-fetch against the document's servers[0], gets the contract's answers through both; the
// WebSocket feed /api/v1/ws/books (row 9) announces a book created through each.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { after, before, test } from 'node:test'
import WebSocket from 'ws'
import { getJson, type RunningApp, repoRoot, startExample } from '../lib/index.js'
import { explained, ProxyFleet } from './proxy-fleet.js'

const example = `${repoRoot}examples/bookshelf/`
const work = `${example}.tmp/client-${process.pid}/`
const fleet = new ProxyFleet('bookshelf-client')
const PROXIES = [
  { name: 'nginx strip', template: 'nginx/strip.conf' },
  { name: 'nginx passthrough', template: 'nginx/passthrough.conf' },
]
// One app per proxy: each run of the client starts from an empty shelf.
const apps = new Map<string, Promise<RunningApp>>()

before(async () => {
  mkdirSync(work, { recursive: true })
  for (const file of ['client.ts', 'tsconfig.json'])
    copyFileSync(`${example}client/${file}`, `${work}${file}`)
  for (const p of PROXIES) apps.set(p.name, startExample('bookshelf', { PORTICO_ROOT_PATH: '/api/v1' }))
  await fleet.startAll(PROXIES.map((p) => [apps.get(p.name)!, [{ kind: 'nginx', template: p.template }]]))
})
after(async () => {
  await fleet.stop([...apps.values()])
  rmSync(work, { recursive: true, force: true })
})

/** Runs `bin` (node, or one of examples/bookshelf/node_modules/.bin) in `work`; fails with what it printed. */
function run(bin: string, args: string[], env: Record<string, string> = {}): string {
  const command = bin === 'node' ? process.execPath : `${example}node_modules/.bin/${bin}`
  const result = spawnSync(command, args, {
    cwd: work,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 90_000,
  })
  if (result.error) throw result.error
  assert.equal(result.status, 0, `${bin} ${args.join(' ')}:\n${result.stdout}\n${result.stderr}`)
  return result.stdout
}

let compiled: Promise<void> | undefined
/** Generates the types from `document` and type-checks (and compiles) client.ts, once. */
function compile(document: unknown): Promise<void> {
  compiled ??= (async () => {
    writeFileSync(`${work}openapi.json`, JSON.stringify(document))
    // --default-non-nullable=false: openapi-typescript's default makes a request property with a
    // default (BookCreate.tags) required in the types; the document says it is optional.
    run('openapi-typescript', ['openapi.json', '-o', 'schema.d.ts', '--default-non-nullable=false'])
    run('tsc', ['-p', 'tsconfig.json'])
  })()
  return compiled
}

for (const p of PROXIES) {
  test(`the generated client type-checks and calls the bookshelf through ${p.name} at servers[0]`, async () => {
    const app = apps.get(p.name)!
    const proxy = await fleet.for(app, { kind: 'nginx', template: p.template })
    await explained(proxy, app, async () => {
      const documentUrl = `${proxy.url}/api/v1/openapi.json`
      const document = await getJson(documentUrl)
      assert.equal(document.servers[0].url, '/api/v1')
      await compile(document)
      const seen = JSON.parse(run('node', ['client.js'], { BOOKSHELF_OPENAPI_URL: documentUrl }).trim())
      assert.equal(seen.baseUrl, `${proxy.url}/api/v1`)
      assert.deepEqual(seen.login, { status: 200, token_type: 'bearer' })
      assert.deepEqual(seen.me, { username: 'alice', scopes: ['books:write'] })
      assert.deepEqual(seen.anonymous, { status: 401, challenge: 'Bearer' })
      assert.equal(seen.created.status, 201)
      assert.equal(seen.created.location, `/api/v1/books/${seen.created.book.id}`)
      assert.deepEqual(seen.created.book.tags, [])
      assert.deepEqual(seen.filtered, { status: 200, total: 0 })
      assert.deepEqual(seen.list, { status: 200, items: ['Alice in Wonderland'], next: null })
      assert.deepEqual(seen.read, { status: 200, title: 'Alice in Wonderland' })
      assert.deepEqual(seen.missing, { status: 404, error: { detail: 'Book not found' } })
    })
  })
}

for (const p of PROXIES) {
  test(`WebSocket ${p.name}: /api/v1/ws/books receives {event: created, book} for a book created through the proxy`, async () => {
    const app = apps.get(p.name)!
    const proxy = await fleet.for(app, { kind: 'nginx', template: p.template })
    await explained(proxy, app, async () => {
      const socket = new WebSocket(`${proxy.url.replace(/^http/, 'ws')}/api/v1/ws/books`)
      try {
        await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject))
        const message = new Promise<any>((resolve) =>
          socket.once('message', (data) => resolve(JSON.parse(String(data)))),
        )
        const login = await fetch(`${proxy.url}/api/v1/token`, {
          method: 'POST',
          body: new URLSearchParams({ username: 'alice', password: 'wonderland' }),
        })
        const { access_token } = (await login.json()) as { access_token: string }
        const book = {
          isbn: '9780060850524',
          title: 'Brave New World',
          authors: [{ name: 'Aldous Huxley' }],
          year: 1932,
        }
        const created = await fetch(`${proxy.url}/api/v1/books`, {
          method: 'POST',
          headers: { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' },
          body: JSON.stringify(book),
        })
        assert.equal(created.status, 201)
        assert.deepEqual(await message, { event: 'created', book: await created.json() })
      } finally {
        socket.close()
      }
    })
  })
}
