// WebSocket upgrades through every proxy config of docs/deployment.md: nginx, Caddy, HAProxy and
// Apache httpd publishing an app under /api/v1 (stripping the prefix and passing it through), and
// under /a/ and /b/ with X-Forwarded-Prefix. The app is built with createApp and has a plain Fastify
// WebSocket route (@fastify/websocket) at /ws and a controller one (@WebSocket('/chat/:room'), with
// a DI service and a dependency) at /chat/:room; each test opens /api/v1/ws (or /a/ws, and the chat
// route) through the proxy, checks the path the upgrade request reached the app with (and the chat
// route's own ws:// URL from absoluteUrlFor), and sends a message both ways.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { type RunningApp, webSocketRoundTrip } from '../lib/index.js'
import { explained, type ProxyConfig, ProxyFleet } from './proxy-fleet.js'
import {
  FORWARDED_PREFIX_PROXIES,
  PREFIX_PROXIES,
  startWebSocketFixture,
  startWebSocketForwardedPrefixFixture,
} from './support.js'

let app: Promise<RunningApp>
let forwardedApp: Promise<RunningApp>
const fleet = new ProxyFleet('websocket')
const proxyFor = (started: Promise<RunningApp>, config: ProxyConfig) => fleet.for(started, config)

before(async () => {
  app = startWebSocketFixture()
  forwardedApp = startWebSocketForwardedPrefixFixture()
  await fleet.startAll([
    [app, PREFIX_PROXIES],
    [forwardedApp, FORWARDED_PREFIX_PROXIES],
  ])
})

after(() => fleet.stop([app, forwardedApp]))

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

describe('@WebSocket() controller route under /api/v1', () => {
  for (const p of PREFIX_PROXIES) {
    const seen = p.strips ? '/chat/lobby' : '/api/v1/chat/lobby'
    test(`${p.name} x @WebSocket: /api/v1/chat/lobby upgrades, reaches the controller as ${seen}, its absoluteUrlFor is ws://.../api/v1/chat/lobby`, async () => {
      const proxy = await proxyFor(app, p)
      await explained(proxy, app, async () => {
        const url = `${proxy.url.replace(/^http:/, 'ws:')}/api/v1/chat/lobby`
        const { hello, reply } = await webSocketRoundTrip(url, `hi through ${p.name}`)
        const { self, visits, ...rest } = hello
        assert.deepEqual(rest, {
          hello: true,
          originalUrl: seen,
          url: '/chat/lobby',
          rootPath: '/api/v1',
          room: 'lobby',
          visitor: 'anonymous',
        })
        assert.ok(Number.isInteger(visits) && visits >= 1, 'Rooms is the singleton service')
        assert.match(self, /^ws:\/\/[^/]+\/api\/v1\/chat\/lobby$/)
        assert.equal(reply, `lobby: hi through ${p.name}`)
      })
    })
  }
})

describe('@WebSocket() controller route under /a/ and /b/ with X-Forwarded-Prefix', () => {
  for (const p of FORWARDED_PREFIX_PROXIES) {
    for (const prefix of ['/a', '/b']) {
      test(`${p.name} forwarded prefix x @WebSocket: ${prefix}/chat/r1 upgrades with root path ${prefix}, absoluteUrlFor ws://...${prefix}/chat/r1`, async () => {
        const proxy = await proxyFor(forwardedApp, p)
        await explained(proxy, forwardedApp, async () => {
          const url = `${proxy.url.replace(/^http:/, 'ws:')}${prefix}/chat/r1`
          const { hello, reply } = await webSocketRoundTrip(url, `hi ${prefix}`)
          assert.equal(hello.url, '/chat/r1')
          assert.equal(hello.rootPath, prefix)
          assert.match(hello.self, new RegExp(`^ws://[^/]+${prefix}/chat/r1$`))
          assert.equal(reply, `r1: hi ${prefix}`)
        })
      })
    }
  }
})
