import assert from 'node:assert/strict'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, describe, test } from 'node:test'
import type { LightMyRequestResponse } from 'fastify'
import { buildApp, PROXY } from './helpers.js'

/** Forwarded prefixes a trusted proxy might pass on from a client; all must be ignored. */
const HOSTILE_PREFIXES = [
  '/..',
  '/a/../admin',
  '/./a',
  '/%2e%2e',
  '/%2E%2E/admin',
  '/a%2fadmin',
  '/a%2Fadmin',
  '/a%5cadmin',
  '/a\\admin',
  '//evil.example',
  '/\\evil.example',
  '///',
  'evil',
  'http://evil.example',
  'https://evil.example/a',
  'javascript:alert(1)',
  '/<script>alert(1)</script>',
  '/"><img src=x onerror=alert(1)>',
  "/a'onmouseover='x",
  '/a%00b',
  '/a%0d%0aSet-Cookie:x=1',
  '/a\tb',
  '/a?b=1',
  '/a#frag',
  '/%zz',
  '/a%252f',
  '/caf\u00e9',
  `/${'a'.repeat(5000)}`,
  `/${'a/'.repeat(600)}`,
]

/** Request paths under a static root path '/api/v1' that must never reach the '/admin' handler. */
const HOSTILE_PATHS = [
  '/api/v1/../admin',
  '/api/v1/./admin/..',
  '/api/v1/admin/..',
  '/api/v1%2fadmin',
  '/api/v1%2Fadmin',
  '/api/v1%5cadmin',
  '/api/v1/%2e%2e/admin',
  '/api/v1x/admin',
  '/api/v1admin',
  '/api/v2/admin',
  '/api/v1//admin/x',
  '/API/V1/admin',
  '/api/v1\\admin',
  '/%61pi/v1/admin',
  `/api/v1/${'x'.repeat(5000)}`,
]

describe('hostile forwarded prefixes', () => {
  for (const prefix of HOSTILE_PREFIXES) {
    test(`ignored, never echoed: ${JSON.stringify(prefix).slice(0, 50)}`, async () => {
      const app = await buildApp({ rootPath: '/static', forwardedPrefix: true }, { trustProxy: PROXY })
      app.get('/links', async (request) => ({ root_path: request.rootPath, url: request.urlFor('app') }))
      let response: LightMyRequestResponse
      try {
        response = await app.inject({
          url: '/links',
          headers: { 'x-forwarded-prefix': prefix },
          remoteAddress: PROXY,
        })
      } catch (error) {
        // light-my-request refuses header values Node would reject on the wire (control characters).
        assert.match(String(error), /Invalid character in header content/)
        return
      }
      assert.equal(response.statusCode, 200)
      assert.deepEqual(response.json(), { root_path: '/static', url: '/static/app' })
      const everything = response.body + JSON.stringify(response.headers)
      for (const fragment of ['<', '>', 'evil', 'script', 'admin', 'Set-Cookie', 'onmouse', 'javascript']) {
        assert.ok(!everything.includes(fragment), fragment)
      }
    })
  }

  test('a hostile prefix never selects a different handler', async () => {
    const app = await buildApp({ forwardedPrefix: true }, { trustProxy: PROXY })
    for (const prefix of HOSTILE_PREFIXES) {
      let response: LightMyRequestResponse
      try {
        response = await app.inject({
          url: '/app',
          headers: { 'x-forwarded-prefix': prefix },
          remoteAddress: PROXY,
        })
      } catch {
        continue
      }
      assert.deepEqual(response.json(), { message: 'Hello World', root_path: '' }, prefix.slice(0, 40))
    }
  })
})

/** GET over a real socket, the path sent byte for byte (inject would normalise it as a WHATWG URL). */
function rawGet(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path, agent: false }, (response) => {
      let body = ''
      response.setEncoding('utf8')
      response.on('data', (chunk) => {
        body += chunk
      })
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }))
    })
    request.on('error', reject)
  })
}

describe('hostile paths under a static root path (real socket)', () => {
  let app: Awaited<ReturnType<typeof buildApp>>
  let port: number
  before(async () => {
    app = await buildApp({ rootPath: '/api/v1' })
    await app.listen({ host: '127.0.0.1', port: 0 })
    port = (app.server.address() as AddressInfo).port
  })
  after(() => app.close())

  for (const path of HOSTILE_PATHS) {
    test(`never reaches /admin: ${JSON.stringify(path).slice(0, 50)}`, async () => {
      const response = await rawGet(port, path)
      assert.ok(!response.body.includes('"route":"admin"'), `${path} reached /admin`)
      assert.ok([400, 404, 414].includes(response.status), `${path}: ${response.status}`)
    })
  }

  test('the legitimate spellings do reach /admin', async () => {
    for (const path of ['/admin', '/api/v1/admin', '/api/v1/admin?x=/../', '/admin?x=1']) {
      assert.equal(JSON.parse((await rawGet(port, path)).body).route, 'admin', path)
    }
  })
})
