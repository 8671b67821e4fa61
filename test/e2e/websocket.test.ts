// WebSocket upgrades through every proxy config of docs/deployment.md: nginx, Caddy, HAProxy and
// Apache httpd publishing an app under /api/v1 (stripping the prefix and passing it through), and
// under /a/ and /b/ with X-Forwarded-Prefix. The app is built with createApp and has a plain Fastify
// WebSocket route (@fastify/websocket) at /ws; each test opens /api/v1/ws (or /a/ws) through the
// proxy, checks the path the upgrade request reached the app with, and sends a message both ways.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { type RunningApp, type RunningProxy, startProxy, webSocketRoundTrip } from '../lib/index.js'
import {
  FORWARDED_PREFIX_PROXIES,
  PREFIX_PROXIES,
  startWebSocketFixture,
  startWebSocketForwardedPrefixFixture,
} from './support.js'

let app: Promise<RunningApp>
let forwardedApp: Promise<RunningApp>
const proxies = new Map<string, Promise<RunningProxy>>()

function proxyFor(
  started: Promise<RunningApp>,
  p: { name: string; kind: RunningProxy['kind']; template: string },
): Promise<RunningProxy> {
  const name = `${p.template} / websocket`
  let proxy = proxies.get(name)
  if (!proxy) {
    proxy = started.then((a) =>
      startProxy({ kind: p.kind, template: p.template, name, values: { APP_PORT: a.port } }),
    )
    proxies.set(name, proxy)
  }
  return proxy
}

before(async () => {
  app = startWebSocketFixture()
  forwardedApp = startWebSocketForwardedPrefixFixture()
  for (const p of PREFIX_PROXIES) proxyFor(app, p)
  for (const p of FORWARDED_PREFIX_PROXIES) proxyFor(forwardedApp, p)
  await Promise.allSettled(proxies.values())
})

after(async () => {
  const settled = await Promise.allSettled(proxies.values())
  await Promise.all(settled.map((s) => (s.status === 'fulfilled' ? s.value.stop() : undefined)))
  for (const started of await Promise.allSettled([app, forwardedApp]))
    if (started.status === 'fulfilled') await started.value.stop()
})

/** Runs `check` and, when it fails, adds the proxy's config and what the proxy and the app logged. */
async function explained(proxy: RunningProxy, started: Promise<RunningApp>, check: () => Promise<void>) {
  try {
    await check()
  } catch (error) {
    const appProcess = (await started).process
    ;(error as Error).message +=
      `\n--- proxy config\n${proxy.config}\n${proxy.process.describe()}\n${appProcess.describe()}`
    throw error
  }
}

describe('websocket under /api/v1', () => {
  for (const p of PREFIX_PROXIES) {
    const seen = p.strips ? '/ws?room=1' : '/api/v1/ws?room=1'
    test(`${p.name} x websocket: /api/v1/ws upgrades, reaches the app as ${seen}, a message goes both ways`, async () => {
      const proxy = await proxyFor(app, p)
      await explained(proxy, app, async () => {
        const url = `${proxy.url.replace(/^http:/, 'ws:')}/api/v1/ws?room=1`
        const { hello, reply } = await webSocketRoundTrip(url, `ping through ${p.name}`)
        assert.deepEqual(hello, { hello: true, originalUrl: seen, url: '/ws?room=1', rootPath: '/api/v1' })
        assert.equal(reply, `echo: ping through ${p.name}`)
      })
    })
  }
})

describe('websocket under /a/ and /b/ with X-Forwarded-Prefix', () => {
  for (const p of FORWARDED_PREFIX_PROXIES) {
    for (const prefix of ['/a', '/b']) {
      test(`${p.name} forwarded prefix x websocket: ${prefix}/ws upgrades, reaches the app as /ws with root path ${prefix}`, async () => {
        const proxy = await proxyFor(forwardedApp, p)
        await explained(proxy, forwardedApp, async () => {
          const url = `${proxy.url.replace(/^http:/, 'ws:')}${prefix}/ws`
          const { hello, reply } = await webSocketRoundTrip(url, `ping ${prefix}`)
          assert.deepEqual(hello, { hello: true, originalUrl: '/ws', url: '/ws', rootPath: prefix })
          assert.equal(reply, `echo: ping ${prefix}`)
        })
      })
    }
  }
})
