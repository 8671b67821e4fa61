import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { RouteOptions } from 'fastify'
import { buildApp, CLIENT, PROXY } from './helpers.js'

// absoluteUrlFor of a WebSocket route (@fastify/websocket's `websocket: true` or `wsHandler`, as
// Portico's @WebSocket() registers it) is ws:// or wss:// from the trusted protocol; urlFor stays a
// root-path-aware path (browsers resolve a relative WebSocket URL against the page).

async function wsApp() {
  const app = await buildApp({ rootPath: '/api/v1' }, { trustProxy: PROXY })
  // The route options @fastify/websocket reads; without the plugin they are a plain GET route.
  app.route({
    method: 'GET',
    url: '/chat/:room',
    websocket: true,
    config: { name: 'chat' },
    handler: async () => 'chat',
  } as RouteOptions)
  app.route({
    method: 'GET',
    url: '/feed',
    wsHandler: () => {},
    config: { name: 'feed' },
    handler: async () => 'feed',
  } as RouteOptions)
  app.get('/page', { config: { name: 'page' } }, async () => 'page')
  app.get('/urls', async (request) => ({
    chat: request.absoluteUrlFor('chat', { room: 'lobby' }),
    feed: request.absoluteUrlFor('feed'),
    page: request.absoluteUrlFor('page'),
    path: request.urlFor('chat', { room: 'lobby' }),
  }))
  return app
}

test('absoluteUrlFor gives ws:// for a WebSocket route over http, the path keeping the root path', async (t) => {
  const app = await wsApp()
  t.after(() => app.close())
  const res = await app.inject({
    url: '/urls',
    headers: { host: 'chat.example:8000' },
    remoteAddress: CLIENT,
  })
  assert.deepEqual(res.json(), {
    chat: 'ws://chat.example:8000/api/v1/chat/lobby',
    feed: 'ws://chat.example:8000/api/v1/feed',
    page: 'http://chat.example:8000/api/v1/page',
    path: '/api/v1/chat/lobby',
  })
})

test('wss:// when a trusted proxy says https; an untrusted peer cannot make it wss', async (t) => {
  const app = await wsApp()
  t.after(() => app.close())
  const headers = { host: 'internal:8000', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'chat.example' }
  const trusted = await app.inject({ url: '/urls', headers, remoteAddress: PROXY })
  assert.equal(trusted.json().chat, 'wss://chat.example/api/v1/chat/lobby')
  assert.equal(trusted.json().page, 'https://chat.example/api/v1/page')
  const untrusted = await app.inject({ url: '/urls', headers, remoteAddress: CLIENT })
  assert.equal(untrusted.json().chat, 'ws://internal:8000/api/v1/chat/lobby')
})
