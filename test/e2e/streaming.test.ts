// Streamed responses through real proxies (nginx, Caddy, HAProxy and Apache httpd, each stripping
// /api/v1 and passing it through) and under @fastify/compress: server-sent events arrive as they are
// sent, not when the stream ends (each test reads the first event while the app still holds the
// second back, then releases it), a client that goes away stops the source (its iterator's return()
// runs), a streamed body arrives whole, and a redirect to an app path keeps the public prefix (a
// static root path, and X-Forwarded-Prefix through each proxy's forwarded-prefix config).
import assert from 'node:assert/strict'
import { once } from 'node:events'
import http, { type IncomingMessage } from 'node:http'
import { after, before, describe, test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { createGunzip } from 'node:zlib'
import { compileErrors, validate } from '@readme/openapi-parser'
import { fixturePath, getJson, type RunningApp, request, startApp } from '../lib/index.js'
import { explained, type ProxyConfig, ProxyFleet } from './proxy-fleet.js'
import { FORWARDED_PREFIX_PROXIES, PREFIX_PROXIES } from './support.js'

// Every proxy config of docs/deployment.md publishing the app under /api/v1 (nginx first: the
// compress tests use it).
const PROXIES = PREFIX_PROXIES

let app: Promise<RunningApp>
let compressed: Promise<RunningApp>
let forwarded: Promise<RunningApp>
// One fleet per app: a fleet names its proxies by config, so two apps need two fleets.
const fleet = new ProxyFleet('streaming')
const compressedFleet = new ProxyFleet('streaming compress')
const forwardedFleet = new ProxyFleet('streaming forwarded-prefix')
const proxyFor = (started: Promise<RunningApp>, config: ProxyConfig) =>
  (started === compressed ? compressedFleet : started === forwarded ? forwardedFleet : fleet).for(
    started,
    config,
  )

before(async () => {
  app = startApp('fixture streaming', fixturePath('streaming-app'))
  compressed = startApp('fixture streaming compress', fixturePath('streaming-app'), { FIXTURE: 'compress' })
  forwarded = startApp('fixture streaming forwarded-prefix', fixturePath('streaming-app'), {
    FIXTURE: 'forwarded-prefix',
  })
  await Promise.all([
    fleet.startAll([[app, PROXIES]]),
    compressedFleet.startAll([[compressed, PROXIES.slice(0, 1)]]),
    forwardedFleet.startAll([[forwarded, FORWARDED_PREFIX_PROXIES]]),
  ])
})

after(() =>
  Promise.all([fleet.stop([app]), compressedFleet.stop([compressed]), forwardedFleet.stop([forwarded])]),
)

let counter = 0
const nextId = () => `s${process.pid}-${++counter}`

/** Opens a GET and resolves with the response once its headers arrived (the body still flowing). */
function open(url: string, headers: Record<string, string> = {}): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers, agent: false }, resolve)
    req.on('error', reject)
  })
}

/** A body reader: `until(text)` waits (bounded) until `text` has arrived. */
function reader(res: IncomingMessage, decode?: NodeJS.ReadWriteStream) {
  const source = decode ? res.pipe(decode) : res
  const state = { body: '', ended: false }
  source.on('data', (chunk: Buffer) => {
    state.body += chunk.toString('utf8')
  })
  source.on('end', () => {
    state.ended = true
  })
  return {
    state,
    async until(text: string, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs
      while (!state.body.includes(text)) {
        if (Date.now() > deadline) {
          throw new Error(`timed out waiting for ${JSON.stringify(text)}; got ${JSON.stringify(state.body)}`)
        }
        await Promise.race([once(source, 'data'), sleep(50, undefined, { ref: false })])
      }
      return state.body
    },
  }
}

const release = async (started: RunningApp, id: string) => {
  const res = await request(`${started.url}/release/${id}`, { method: 'POST' })
  assert.equal(res.status, 204)
}

/** Reads event 1, checks event 2 is not there, releases it, reads it, disconnects, checks the source stopped. */
async function checkEvents(started: RunningApp, base: string, headers: Record<string, string> = {}) {
  const id = nextId()
  const before = (await getJson(`${started.url}/stats`)).closed as number
  const res = await open(`${base}/events/${id}`, headers)
  assert.equal(res.statusCode, 200)
  assert.equal(res.headers['content-type'], 'text/event-stream')
  assert.equal(res.headers['cache-control'], 'no-cache')
  assert.equal(res.headers['content-encoding'], undefined, 'an event stream is not compressed')
  const body = reader(res)
  await body.until('data: {"n":1}\n\n')
  assert.equal(body.state.body, 'event: tick\nid: 1\ndata: {"n":1}\n\n')
  // The app holds event 2 back until released: what arrived so far came as it was sent.
  await sleep(100)
  assert.equal(body.state.body.includes('"n":2'), false)
  await release(started, id)
  await body.until('data: {"n":2}\n\n')
  res.destroy()
  // The proxy closes its upstream connection; the generator's finally runs once its await settles.
  let closed = before
  for (let i = 0; i < 100 && closed === before; i++) {
    await sleep(50)
    await release(started, id).catch(() => {})
    closed = (await getJson(`${started.url}/stats`)).closed as number
  }
  assert.ok(closed > before, 'the source iterator was not returned after the client went away')
}

/** A streamed body: the first part arrives before the second is released, and the whole body is intact. */
async function checkDownload(started: RunningApp, base: string, gzip = false) {
  const id = nextId()
  const res = await open(`${base}/download/${id}`, gzip ? { 'accept-encoding': 'gzip' } : {})
  assert.equal(res.statusCode, 200)
  assert.equal(res.headers['content-type'], 'application/octet-stream')
  if (gzip) assert.equal(res.headers['content-encoding'], 'gzip')
  const body = reader(res, gzip ? createGunzip() : undefined)
  if (!gzip) {
    // Uncompressed, the first part is passed on as it is sent (gzip holds small writes back).
    await body.until('first part;')
    assert.equal(body.state.body.includes('second part;'), false)
  }
  await sleep(50)
  await release(started, id)
  await body.until(`${'second part;'.repeat(100)}`)
  for (let i = 0; i < 100 && !body.state.ended; i++) await sleep(20)
  assert.equal(body.state.body, `${'first part;'.repeat(100)}${'second part;'.repeat(100)}`)
}

describe('streaming under /api/v1 through proxies', () => {
  for (const p of PROXIES) {
    test(`${p.name} x server-sent events: each event arrives when sent; a disconnect stops the source`, async () => {
      const started = await app
      const proxy = await proxyFor(app, p)
      await explained(proxy, app, () => checkEvents(started, `${proxy.url}/api/v1`))
    })

    test(`${p.name} x streamed body: the first part arrives before the second is sent`, async () => {
      const started = await app
      const proxy = await proxyFor(app, p)
      await explained(proxy, app, () => checkDownload(started, `${proxy.url}/api/v1`))
    })

    test(`${p.name} x RedirectResponse('/stats'): Location keeps /api/v1`, async () => {
      const proxy = await proxyFor(app, p)
      await explained(proxy, app, async () => {
        const res = await request(`${proxy.url}/api/v1/old`)
        assert.equal(res.status, 307)
        assert.equal(res.headers.location, '/api/v1/stats')
      })
    })
  }
})

describe('streaming under /a/ and /b/ with X-Forwarded-Prefix', () => {
  for (const p of FORWARDED_PREFIX_PROXIES) {
    for (const prefix of ['/a', '/b']) {
      test(`${p.name} forwarded prefix x server-sent events under ${prefix}; the redirect keeps ${prefix}`, async () => {
        const started = await forwarded
        const proxy = await proxyFor(forwarded, p)
        await explained(proxy, forwarded, async () => {
          await checkEvents(started, `${proxy.url}${prefix}`)
          const res = await request(`${proxy.url}${prefix}/old`)
          assert.equal(res.status, 307)
          assert.equal(res.headers.location, `${prefix}/stats`)
        })
      })
    }
  }
})

describe('streaming with @fastify/compress registered', () => {
  test('direct x server-sent events: not compressed, each event arrives when sent', async () => {
    const started = await compressed
    await checkEvents(started, started.url, { 'accept-encoding': 'gzip, br' })
  })

  test('nginx strip x server-sent events: not compressed, each event arrives when sent', async () => {
    const started = await compressed
    const proxy = await proxyFor(compressed, PROXIES[0]!)
    await explained(proxy, compressed, () =>
      checkEvents(started, `${proxy.url}/api/v1`, { 'accept-encoding': 'gzip, br' }),
    )
  })

  test('direct x streamed body: compressed with gzip, intact', async () => {
    const started = await compressed
    await checkDownload(started, started.url, true)
  })

  test('the document is valid and lists each media type under its status', async () => {
    const started = await app
    const doc = await getJson(`${started.url}/openapi.json`)
    const result = await validate(structuredClone(doc))
    assert.ok(result.valid, result.valid ? '' : compileErrors(result))
    const events = doc.paths['/events/{id}'].get.responses['200']
    assert.deepEqual(Object.keys(events.content), ['text/event-stream'])
    assert.equal(events.content['text/event-stream'].schema['x-portico-event'].properties.n.type, 'integer')
    const download = doc.paths['/download/{id}'].get.responses['200']
    assert.deepEqual(download.content, {
      'application/octet-stream': { schema: { type: 'string', format: 'binary' } },
    })
    const old = doc.paths['/old'].get.responses['307']
    assert.equal(old.content, undefined)
    assert.equal(old.headers.location.schema.type, 'string')
  })
})
