import assert from 'node:assert/strict'
import type { Server } from 'node:http'
import { connect } from 'node:net'
import { test } from 'node:test'
import { createApp } from 'portico'

// createApp's production timeouts (issue 13, finding 3), for apps served by app.listen() too.

const limitsOf = (server: Server) => ({
  requestTimeout: server.requestTimeout,
  headersTimeout: server.headersTimeout,
  connectionsCheckingInterval: (server as Server & { connectionsCheckingInterval: number })
    .connectionsCheckingInterval,
})

test('createApp: a request must arrive within 30 s, its headers within 10 s, checked every second', async () => {
  const app = createApp({ openapi: false })
  assert.deepEqual(limitsOf(app.server as Server), {
    requestTimeout: 30_000,
    headersTimeout: 10_000,
    connectionsCheckingInterval: 1000,
  })
  await app.close()
})

test("createApp: the app's own fastify timeouts win", async () => {
  const app = createApp({
    openapi: false,
    fastify: { requestTimeout: 5000, http: { headersTimeout: 4000 } } as never,
  })
  assert.deepEqual(limitsOf(app.server as Server), {
    requestTimeout: 5000,
    headersTimeout: 4000,
    connectionsCheckingInterval: 1000,
  })
  await app.close()
  const off = createApp({ openapi: false, fastify: { requestTimeout: 0 } })
  assert.equal((off.server as Server).requestTimeout, 0)
  await off.close()
})

test('createApp: a body trickling in slower than requestTimeout gets 408 (app.listen, no CLI)', async () => {
  const app = createApp({ openapi: false, fastify: { requestTimeout: 1000 } })
  app.post('/echo', async (request) => request.body)
  await app.listen({ host: '127.0.0.1', port: 0 })
  const { port } = app.server.address() as { port: number }
  const started = Date.now()
  const response = await new Promise<string>((resolve) => {
    const socket = connect(port, '127.0.0.1')
    let text = ''
    socket.write(
      'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n',
    )
    const trickle = setInterval(() => socket.writable && socket.write(' '), 300)
    socket.on('data', (chunk) => {
      text += chunk
    })
    socket.on('error', () => {})
    socket.on('close', () => {
      clearInterval(trickle)
      resolve(text)
    })
  })
  assert.match(response, /^HTTP\/1\.1 408 Request Timeout/)
  assert.ok(Date.now() - started < 3000, `answered after ${Date.now() - started} ms`)
  await app.close()
})
