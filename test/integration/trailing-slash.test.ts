// Trailing-slash redirects and 405s over a real socket (createApp on 127.0.0.1, port 0): FastAPI's
// behind_a_proxy tutorial001_01 ("Redirects with HTTPS"), clients that follow the redirect (the body
// of a POST survives a 308), and request targets that only a raw socket can send.
import assert from 'node:assert/strict'
import net from 'node:net'
import { after, before, describe, test } from 'node:test'
import type { FastifyInstance } from 'fastify'
import { Controller, createApp, Get } from 'portico'
import { request } from '../lib/index.js'

@Controller()
class ItemsController {
  @Get('/items/')
  readItems() {
    return ['plumbus', 'portal gun']
  }
}

async function listen(app: FastifyInstance): Promise<string> {
  app.post('/form', async (req) => ({ got: req.body, root_path: req.rootPath }))
  await app.listen({ host: '127.0.0.1', port: 0 })
  const address = app.server.address() as net.AddressInfo
  return `http://127.0.0.1:${address.port}`
}

/** One raw HTTP/1.1 request, its status line and headers. */
function raw(base: string, target: string): Promise<{ status: number; location: string | undefined }> {
  const { hostname, port } = new URL(base)
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => {
      socket.write(
        Buffer.from(`GET ${target} HTTP/1.1\r\nHost: app.example\r\nConnection: close\r\n\r\n`, 'latin1'),
      )
    })
    let text = ''
    socket.setEncoding('latin1')
    socket.on('data', (chunk: string) => {
      text += chunk
    })
    socket.on('end', () => {
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1])
      const location = /\r\nlocation: ([^\r]*)\r\n/i.exec(text)?.[1]
      resolve({ status, location })
    })
    socket.on('error', reject)
  })
}

const HTTPS_EXAMPLE = { 'x-forwarded-proto': 'https', host: 'example.com' }

describe('trailing slashes over a socket', () => {
  let relative: FastifyInstance
  let absolute: FastifyInstance
  let relativeBase: string
  let absoluteBase: string
  before(async () => {
    relative = createApp({ controllers: [ItemsController], rootPath: '/api/v1', trustProxy: '127.0.0.1' })
    absolute = createApp({
      controllers: [ItemsController],
      trustProxy: '127.0.0.1',
      redirectSlashes: { absolute: true },
    })
    relativeBase = await listen(relative)
    // A route that a target with a leading backslash matches (only on this app: /docs/ would too).
    absolute.get('/:name/', async (req) => ({ name: (req.params as { name: string }).name }))
    absoluteBase = await listen(absolute)
  })
  after(async () => {
    await relative.close()
    await absolute.close()
  })

  test('tutorial001_01: GET /items -> 307, resolved by the client to https://example.com/api/v1/items/', async () => {
    const res = await request(`${relativeBase}/items`, { headers: HTTPS_EXAMPLE })
    assert.equal(res.status, 307)
    assert.equal(res.headers.location, '/api/v1/items/')
    assert.equal(
      new URL(res.headers.location!, 'https://example.com/api/v1/items').href,
      'https://example.com/api/v1/items/',
    )
    const ok = await request(`${relativeBase}/api/v1/items/`, { headers: HTTPS_EXAMPLE })
    assert.equal(ok.status, 200)
    assert.deepEqual(JSON.parse(ok.body), ['plumbus', 'portal gun'])
  })

  test('tutorial001_01 with { absolute: true }: Location https://example.com/items/', async () => {
    const res = await request(`${absoluteBase}/items`, { headers: HTTPS_EXAMPLE })
    assert.equal(res.status, 307)
    assert.equal(res.headers.location, 'https://example.com/items/')
    assert.equal((await request(`${absoluteBase}/items/`, { headers: HTTPS_EXAMPLE })).status, 200)
  })

  test('a client that follows redirects: GET reaches the page, a POST body survives the 308', async () => {
    const page = await fetch(`${relativeBase}/api/v1/docs/`)
    assert.equal(page.status, 200)
    assert.equal(page.url, `${relativeBase}/api/v1/docs`)
    const posted = await fetch(`${relativeBase}/api/v1/form/?x=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ a: 1 }),
    })
    assert.equal(posted.status, 200)
    assert.equal(posted.url, `${relativeBase}/api/v1/form?x=1`)
    assert.deepEqual(await posted.json(), { got: { a: 1 }, root_path: '/api/v1' })
  })

  test('405 with Allow over the socket', async () => {
    const res = await fetch(`${relativeBase}/api/v1/items/`, { method: 'DELETE' })
    assert.equal(res.status, 405)
    assert.equal(res.headers.get('allow'), 'GET, HEAD')
    assert.equal(((await res.json()) as { code: string }).code, 'PORTICO_ERR_ROOT_PATH_METHOD_NOT_ALLOWED')
  })

  test('a raw target with a leading backslash never gives a Location to another origin', async () => {
    // Node's parser keeps the backslash (a URL parser, inject's included, would make it a slash).
    const res = await raw(absoluteBase, '/\\evil.example')
    assert.equal(res.status, 307)
    assert.equal(res.location, 'http://app.example/evil.example/')
    assert.equal(new URL(res.location!).host, 'app.example')
  })
})
