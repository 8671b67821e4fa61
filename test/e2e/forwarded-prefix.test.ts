// One app instance without a static root path, published under /a/ and /b/ by a proxy that strips
// each prefix and sends X-Forwarded-Prefix; the app trusts only 127.0.0.1. nginx is what issue 5
// asks for; Caddy, HAProxy and Apache httpd show the same deployment (test/proxies/*/forwarded-prefix.*).
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { getJson, type RunningApp, type RunningProxy, request, startProxy } from '../lib/index.js'
import {
  checkDocsPage,
  FORWARDED_PREFIX_PROXIES,
  SEED_SERVERS,
  startForwardedPrefixFixture,
} from './support.js'

const PROXIES = FORWARDED_PREFIX_PROXIES

let app: Promise<RunningApp>
const proxies = new Map<string, Promise<RunningProxy>>()

before(async () => {
  app = startForwardedPrefixFixture()
  for (const p of PROXIES) {
    const name = `${p.name} forwarded-prefix`
    proxies.set(
      p.name,
      app.then((a) => startProxy({ kind: p.kind, template: p.template, name, values: { APP_PORT: a.port } })),
    )
  }
  await Promise.allSettled(proxies.values())
})

after(async () => {
  const settled = await Promise.allSettled(proxies.values())
  await Promise.all(settled.map((s) => (s.status === 'fulfilled' ? s.value.stop() : undefined)))
  const [started] = await Promise.allSettled([app])
  if (started?.status === 'fulfilled') await started.value.stop()
})

for (const p of PROXIES) {
  describe(`${p.name} /a/ and /b/`, () => {
    const base = async () => (await proxies.get(p.name)!).url

    for (const prefix of ['/a', '/b']) {
      test(`${p.name} ${prefix}/ x forwarded prefix: GET ${prefix}/app reports root_path ${prefix}`, async () => {
        assert.deepEqual(await getJson(`${await base()}${prefix}/app`), {
          message: 'Hello World',
          root_path: prefix,
        })
      })

      test(`${p.name} ${prefix}/ x forwarded prefix: ${prefix}/openapi.json has ${prefix} as first server`, async () => {
        const doc = await getJson(`${await base()}${prefix}/openapi.json`)
        assert.deepEqual(doc.servers, [{ url: prefix }, ...SEED_SERVERS])
      })

      test(`${p.name} ${prefix}/ x forwarded prefix: ${prefix}/docs loads ${prefix}/openapi.json and all its assets`, async () => {
        await checkDocsPage(`${await base()}${prefix}/docs`, `${prefix}/openapi.json`)
      })

      test(`${p.name} ${prefix}/ x forwarded prefix: ${prefix}/redoc loads ${prefix}/openapi.json and all its assets`, async () => {
        await checkDocsPage(`${await base()}${prefix}/redoc`, `${prefix}/openapi.json`)
      })
    }

    test(`${p.name} x forwarded prefix: responses built from the prefix tell caches so`, async () => {
      const url = await base()
      for (const path of ['/a/openapi.json', '/a/docs', '/a/redoc']) {
        const res = await request(`${url}${path}`)
        assert.equal(res.status, 200, path)
        const vary = String(res.headers.vary ?? '').toLowerCase()
        const cacheControl = String(res.headers['cache-control'] ?? '').toLowerCase()
        assert.ok(
          vary.includes('x-forwarded-prefix') || /no-store|private/.test(cacheControl),
          `${path}: Vary ${vary || '(none)'}, Cache-Control ${cacheControl || '(none)'}`,
        )
      }
    })

    test(`${p.name} x forwarded prefix: interleaved /a and /b requests each see only their own prefix`, async () => {
      const url = await base()
      const prefixes = Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? '/a' : '/b'))
      const results = await Promise.all(
        prefixes.map(async (prefix) => ({ prefix, doc: await getJson(`${url}${prefix}/openapi.json`) })),
      )
      for (const { prefix, doc } of results) assert.deepEqual(doc.servers, [{ url: prefix }, ...SEED_SERVERS])
    })

    test(`${p.name} x forwarded prefix: a client cannot choose the prefix through the proxy`, async () => {
      const url = await base()
      const headers = { 'X-Forwarded-Prefix': '/evil' }
      const doc = await getJson(`${url}/a/openapi.json`, { headers })
      assert.deepEqual(doc.servers, [{ url: '/a' }, ...SEED_SERVERS])
      assert.deepEqual(await getJson(`${url}/a/app`, { headers }), {
        message: 'Hello World',
        root_path: '/a',
      })
    })
  })
}

describe('apache defaults', () => {
  test("apache x forwarded prefix: with Apache's defaults a client's X-Forwarded-Prefix reaches the app, so the config's RequestHeader lines are what removes it", async () => {
    const { port } = await app
    const removed: string[] = []
    const defaults = await startProxy({
      kind: 'apache',
      template: 'apache/forwarded-prefix.conf',
      name: 'apache forwarded-prefix without its RequestHeader X-Forwarded-Prefix lines',
      values: { APP_PORT: port },
      transform: (config) =>
        config.replace(/^[ \t]*RequestHeader (?:unset|set) X-Forwarded-Prefix\b.*\n/gm, (line) => {
          removed.push(line.trim())
          return ''
        }),
    })
    try {
      assert.equal(removed.length, 4, `removed ${JSON.stringify(removed)}`)
      const headers = { 'X-Forwarded-Prefix': '/evil' }
      assert.deepEqual(await getJson(`${defaults.url}/a/app`, { headers }), {
        message: 'Hello World',
        root_path: '/evil',
      })
      const real = await proxies.get('apache')!
      assert.deepEqual(await getJson(`${real.url}/a/app`, { headers }), {
        message: 'Hello World',
        root_path: '/a',
      })
    } finally {
      await defaults.stop()
    }
  })
})

describe('direct to the app', () => {
  test('direct x forwarded prefix: an untrusted client sending X-Forwarded-Prefix straight to the app changes nothing', async () => {
    const { url } = await app
    // Connect from 127.0.0.2: still loopback, but not the trusted 127.0.0.1.
    const untrusted = { localAddress: '127.0.0.2', headers: { 'X-Forwarded-Prefix': '/evil' } }
    const plain = { localAddress: '127.0.0.2' }
    assert.deepEqual(await getJson(`${url}/app`, untrusted), { message: 'Hello World', root_path: '' })
    const doc = await request(`${url}/openapi.json`, untrusted)
    const reference = await request(`${url}/openapi.json`, plain)
    assert.equal(doc.status, 200)
    assert.equal(doc.body, reference.body, 'the document must not depend on an untrusted header')
    assert.deepEqual(JSON.parse(doc.body).servers, SEED_SERVERS)
    for (const page of ['/docs', '/redoc']) {
      const res = await request(`${url}${page}`, untrusted)
      assert.equal(res.status, 200)
      assert.ok(!res.body.includes('evil'), `the untrusted prefix must not reach ${page}`)
    }
    await checkDocsPage(`${url}/docs`, '/openapi.json')
  })

  test('direct x forwarded prefix: the trusted peer (127.0.0.1) is honoured, so the untrusted test is meaningful', async () => {
    const { url } = await app
    const doc = await getJson(`${url}/openapi.json`, { headers: { 'X-Forwarded-Prefix': '/c' } })
    assert.deepEqual(doc.servers, [{ url: '/c' }, ...SEED_SERVERS])
  })
})
