// Trailing slashes through every proxy (issue 16): a route declared as /items/ is served at
// /api/v1/items/, /api/v1/items answers 307 to /api/v1/items/ (the root path and the query string
// kept, a relative Location), the docs pages are reached with and without the slash, and a known
// path with an unknown method answers 405 with Allow. Behind each proxy stripping /api/v1 or passing it
// through, and behind each proxy sending X-Forwarded-Prefix /a and /b.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { getJson, type RunningApp, request } from '../lib/index.js'
import { explained, type ProxyConfig, ProxyFleet } from './proxy-fleet.js'
import {
  FORWARDED_PREFIX_PROXIES,
  PREFIX_PROXIES,
  startForwardedPrefixFixture,
  startSeedInServersFixture,
} from './support.js'

let app: Promise<RunningApp>
let forwardedApp: Promise<RunningApp>
const fleet = new ProxyFleet('trailing slash')
const proxyFor = (started: Promise<RunningApp>, config: ProxyConfig) => fleet.for(started, config)

before(async () => {
  app = startSeedInServersFixture()
  forwardedApp = startForwardedPrefixFixture()
  await fleet.startAll([
    [app, PREFIX_PROXIES],
    [forwardedApp, FORWARDED_PREFIX_PROXIES],
  ])
})

after(() => fleet.stop([app, forwardedApp]))

async function expectRedirect(url: string, status: number, location: string, method = 'GET') {
  const res = await request(url, { method })
  assert.equal(res.status, status, `${method} ${url}: ${res.body.slice(0, 300)}`)
  assert.equal(res.headers.location, location, `${method} ${url}: Location`)
}

describe('trailing slashes under /api/v1', () => {
  for (const p of PREFIX_PROXIES) {
    const check = (name: string, run: (base: string) => Promise<void>) =>
      test(`${p.name} x trailing slash: ${name}`, async () => {
        const proxy = await proxyFor(app, p)
        await explained(proxy, app, () => run(proxy.url))
      })

    check('GET /api/v1/items/ (declared /items/) answers 200', async (base) => {
      assert.deepEqual(await getJson(`${base}/api/v1/items/`), {
        items: ['Foo', 'Bar'],
        root_path: '/api/v1',
      })
    })
    check('GET /api/v1/items?q=1 -> 307 Location /api/v1/items/?q=1', async (base) => {
      await expectRedirect(`${base}/api/v1/items?q=1`, 307, '/api/v1/items/?q=1')
    })
    check('GET /api/v1/app/ -> 307 Location /api/v1/app', async (base) => {
      await expectRedirect(`${base}/api/v1/app/`, 307, '/api/v1/app')
    })
    check('POST /api/v1/items/ -> 405 with Allow: GET', async (base) => {
      const res = await request(`${base}/api/v1/items/`, { method: 'POST' })
      assert.equal(res.status, 405, res.body.slice(0, 300))
      assert.match(String(res.headers.allow), /\bGET\b/)
    })
    check(
      '/api/v1/docs answers 200; /api/v1/docs/ and /api/v1/redoc/ redirect there, as in FastAPI',
      async (base) => {
        assert.equal((await request(`${base}/api/v1/docs`)).status, 200)
        await expectRedirect(`${base}/api/v1/docs/`, 307, '/api/v1/docs')
        await expectRedirect(`${base}/api/v1/redoc/`, 307, '/api/v1/redoc')
      },
    )
    check('POST /api/v1/app -> 405 with Allow: GET', async (base) => {
      const res = await request(`${base}/api/v1/app`, { method: 'POST' })
      assert.equal(res.status, 405, res.body.slice(0, 300))
      assert.match(String(res.headers.allow), /\bGET\b/)
    })
  }
})

describe('trailing slashes under /a/ and /b/ with X-Forwarded-Prefix', () => {
  for (const p of FORWARDED_PREFIX_PROXIES) {
    for (const prefix of ['/a', '/b']) {
      test(`${p.name} forwarded prefix x trailing slash: GET ${prefix}/app/ -> 307 Location ${prefix}/app`, async () => {
        const proxy = await proxyFor(forwardedApp, p)
        await explained(proxy, forwardedApp, () =>
          expectRedirect(`${proxy.url}${prefix}/app/`, 307, `${prefix}/app`),
        )
      })
    }
  }
})
