// Absolute-form request targets (RFC 9112 section 3.2.2: `GET http://host:port/path HTTP/1.1`, which a
// server must accept) route like their origin-form. inject() normalises URLs, so the end-to-end cases
// write the request line on a raw socket.
import assert from 'node:assert/strict'
import { connect } from 'node:net'
import { describe, test } from 'node:test'
import { rootPath, rootPathRewriteUrl } from '@portico/root-path'
import Fastify, { type FastifyInstance } from 'fastify'
import { buildApp, PROXY } from './helpers.js'

interface FakeRequest {
  url: string
  method: string
  headers: Record<string, string>
  socket: { remoteAddress: string }
}

function fake(url: string, method = 'GET', headers: Record<string, string> = {}): FakeRequest {
  return { url, method, headers: { host: 'host.header', ...headers }, socket: { remoteAddress: PROXY } }
}

/** What the rewriter routes `url` as, and the Host header it leaves. */
function rewrite(app: FastifyInstance, url: string, method = 'GET', headers: Record<string, string> = {}) {
  const req = fake(url, method, headers)
  const routed = rootPathRewriteUrl.call(app, req as never)
  return { routed, host: req.headers.host }
}

describe('rootPathRewriteUrl: absolute-form targets', () => {
  test('scheme and authority are dropped, path and query kept, then the root path is stripped', async () => {
    const app = await buildApp({ rootPath: '/api/v1' })
    assert.deepEqual(rewrite(app, 'http://127.0.0.1:8000/api/v1/app'), {
      routed: '/app',
      host: '127.0.0.1:8000',
    })
    assert.deepEqual(rewrite(app, 'http://127.0.0.1:8000/app?next=/api/v1/x'), {
      routed: '/app?next=/api/v1/x',
      host: '127.0.0.1:8000',
    })
    assert.deepEqual(rewrite(app, 'HTTPS://Api.Example.com/api/v1?x=1'), {
      routed: '/?x=1',
      host: 'Api.Example.com',
    })
    assert.equal(rewrite(app, 'http://example.com/api/v1').routed, '/')
    assert.equal(rewrite(app, 'http://[::1]:8000/api/v1/app').routed, '/app')
    assert.equal(rewrite(app, 'http://[::1]:8000/api/v1/app').host, '[::1]:8000')
  })

  test('an empty path is "/" (and "*" for OPTIONS, RFC 9112 section 3.2.4)', async () => {
    const app = await buildApp({ rootPath: '/api/v1' })
    assert.equal(rewrite(app, 'http://example.com').routed, '/')
    assert.equal(rewrite(app, 'http://example.com?x=1').routed, '/?x=1')
    assert.equal(rewrite(app, 'http://example.com', 'OPTIONS').routed, '*')
    assert.equal(rewrite(app, 'http://example.com?x=1', 'OPTIONS').routed, '/?x=1')
  })

  test('never through a prefix the path does not carry', async () => {
    const app = await buildApp({ rootPath: '/api/v1' })
    // The authority is not part of the path: "api" here is a host name.
    assert.deepEqual(rewrite(app, 'http://api/v1/app'), { routed: '/v1/app', host: 'api' })
    assert.equal(rewrite(app, 'http://example.com/api/v1x/app').routed, '/api/v1x/app')
    assert.equal(rewrite(app, 'http://example.com/x/api/v1/app').routed, '/x/api/v1/app')
  })

  test('without a root path (and without the plugin) the target is still routed as its origin-form', async () => {
    const app = await buildApp({})
    assert.deepEqual(rewrite(app, 'http://example.com:8000/app?x=1'), {
      routed: '/app?x=1',
      host: 'example.com:8000',
    })
    const bare = Fastify({ rewriteUrl: rootPathRewriteUrl })
    assert.equal(rewrite(bare, 'http://example.com/app').routed, '/app')
  })

  test('a trusted X-Forwarded-Prefix applies to the path of the target', async () => {
    const app = await buildApp({ rootPath: '/api/v1', forwardedPrefix: true }, { trustProxy: PROXY })
    assert.equal(
      rewrite(app, 'http://example.com/edge/app', 'GET', { 'x-forwarded-prefix': '/edge' }).routed,
      '/app',
    )
  })

  test('"*", authority-form and other targets are left to Fastify, Host untouched', async () => {
    const app = await buildApp({ rootPath: '/api/v1' })
    for (const [url, method] of [
      ['*', 'OPTIONS'],
      ['127.0.0.1:443', 'CONNECT'],
      ['example.com:443', 'CONNECT'],
      ['http://user:secret@example.com/api/v1/app', 'GET'],
      ['http://@example.com/app', 'GET'],
      ['http:///api/v1/app', 'GET'],
      ['http:/api/v1/app', 'GET'],
      ['ftp://example.com/api/v1/app', 'GET'],
      ['http://exa mple.com/app', 'GET'],
    ] as const) {
      assert.deepEqual(rewrite(app, url, method), { routed: url, host: 'host.header' }, url)
    }
  })

  test('origin-form targets keep their Host header', async () => {
    const app = await buildApp({ rootPath: '/api/v1' })
    assert.deepEqual(rewrite(app, '/api/v1/app'), { routed: '/app', host: 'host.header' })
    assert.deepEqual(rewrite(app, '/app'), { routed: '/app', host: 'host.header' })
  })
})

/** Writes `head` on a fresh connection to `port` and resolves with the status code and body. */
function raw(port: number, head: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    let data = ''
    socket.setEncoding('utf8')
    socket.on('data', (chunk) => {
      data += chunk
    })
    socket.on('error', reject)
    socket.on('close', () => {
      const match = /^HTTP\/1\.1 (\d{3})/.exec(data)
      if (!match) return reject(new Error(`no HTTP response: ${JSON.stringify(data)}`))
      resolve({ status: Number(match[1]), body: data.slice(data.indexOf('\r\n\r\n') + 4) })
    })
    socket.write(`${head}\r\nConnection: close\r\n\r\n`)
  })
}

async function listening(app: FastifyInstance, t: { after: (fn: () => Promise<unknown>) => void }) {
  t.after(() => app.close())
  await app.listen({ host: '127.0.0.1', port: 0 })
  const address = app.server.address()
  assert.ok(address !== null && typeof address === 'object')
  return address.port
}

/** An app with a route that reports what it routed and which host it saw. */
async function reportingApp(root: string): Promise<FastifyInstance> {
  const app = Fastify({ rewriteUrl: rootPathRewriteUrl })
  await app.register(rootPath, { rootPath: root })
  app.get('/app', async (request) => ({
    url: request.url,
    originalUrl: request.originalUrl,
    host: request.host,
    hostname: request.hostname,
    root_path: request.rootPath,
  }))
  return app
}

describe('absolute-form targets on a real socket', () => {
  test('route like origin-form, with or without the root path', async (t) => {
    const port = await listening(await reportingApp('/api/v1'), t)
    const host = `127.0.0.1:${port}`
    for (const target of [`http://${host}/api/v1/app`, `http://${host}/app`, '/api/v1/app', '/app']) {
      const response = await raw(port, `GET ${target} HTTP/1.1\r\nHost: ${host}`)
      assert.equal(response.status, 200, target)
      assert.deepEqual(
        JSON.parse(response.body),
        { url: '/app', originalUrl: target, host, hostname: '127.0.0.1', root_path: '/api/v1' },
        target,
      )
    }
    const query = await raw(port, `GET http://${host}/api/v1/app?x=1 HTTP/1.1\r\nHost: ${host}`)
    assert.equal(JSON.parse(query.body).url, '/app?x=1')
    const outside = await raw(port, `GET http://${host}/api/v1x/app HTTP/1.1\r\nHost: ${host}`)
    assert.equal(outside.status, 404)
  })

  test('without a root path', async (t) => {
    const port = await listening(await reportingApp(''), t)
    const response = await raw(port, `GET http://127.0.0.1:${port}/app HTTP/1.1\r\nHost: 127.0.0.1:${port}`)
    assert.equal(response.status, 200)
    assert.equal(JSON.parse(response.body).url, '/app')
  })

  test("the target's authority wins over the Host header (request.host, request.hostname)", async (t) => {
    const port = await listening(await reportingApp('/api/v1'), t)
    const response = await raw(
      port,
      'GET http://api.example.com:8443/api/v1/app HTTP/1.1\r\nHost: other.example',
    )
    assert.equal(response.status, 200)
    const body = JSON.parse(response.body)
    assert.equal(body.host, 'api.example.com:8443')
    assert.equal(body.hostname, 'api.example.com')
  })

  test('OPTIONS * is answered as Fastify answers it without the rewriter', async (t) => {
    const plain = Fastify()
    plain.get('/app', async () => 'ok')
    const plainPort = await listening(plain, t)
    const port = await listening(await reportingApp('/api/v1'), t)
    const expected = await raw(plainPort, `OPTIONS * HTTP/1.1\r\nHost: 127.0.0.1:${plainPort}`)
    const actual = await raw(port, `OPTIONS * HTTP/1.1\r\nHost: 127.0.0.1:${port}`)
    assert.equal(actual.status, expected.status)
  })
})
