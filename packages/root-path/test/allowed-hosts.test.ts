// Issue 13, finding 5: an attacker-chosen Host (or a forwarded one) must not end up in absolute URLs.
// `allowedHosts` (Starlette's TrustedHostMiddleware, Django's ALLOWED_HOSTS) refuses such requests
// with a coded 400, and absolute URLs only ever use an allowed host.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import {
  PORTICO_ERR_ROOT_PATH_OPTION_INVALID,
  ROOT_PATH_DEFAULTS,
  type RootPathOptions,
  resolveRootPathOptions,
  rootPath,
  rootPathRewriteUrl,
} from '@portico/root-path'
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import { CLIENT, PROXY } from './helpers.js'

async function hostApp(options: RootPathOptions, fastifyOptions: FastifyServerOptions = {}) {
  const app = Fastify({ rewriteUrl: rootPathRewriteUrl, ...fastifyOptions })
  await app.register(rootPath, { rootPath: '/api/v1', ...options })
  app.get('/app', { config: { name: 'app' } }, async (request) => ({
    host: request.host,
    absolute: request.absoluteUrlFor('app'),
  }))
  app.get('/items/', async () => 'items')
  return app
}

function get(app: FastifyInstance, host: string | undefined, extra: Record<string, unknown> = {}) {
  const { headers, ...rest } = extra as { headers?: Record<string, string> }
  return app.inject({
    url: '/api/v1/app',
    headers: { ...(host === undefined ? {} : { host }), ...headers },
    ...rest,
  })
}

describe('allowedHosts', () => {
  test('the default allows any host, as today (and is documented as ["*"])', async (t) => {
    assert.deepEqual(ROOT_PATH_DEFAULTS.plugin.allowedHosts, ['*'])
    assert.ok(Object.isFrozen(ROOT_PATH_DEFAULTS.plugin.allowedHosts))
    const app = await hostApp({})
    t.after(() => app.close())
    const res = await get(app, 'evil.example')
    assert.equal(res.statusCode, 200)
    assert.equal(res.json().absolute, 'http://evil.example/api/v1/app')
  })

  test('a Host that is not allowed gets a coded 400 in JSON, never echoed', async (t) => {
    const app = await hostApp({ allowedHosts: ['example.com', '*.example.org'] })
    t.after(() => app.close())
    for (const host of [
      'evil.example',
      'example.com.evil.example',
      'evilexample.com',
      'example.org',
      'x.example.org.evil',
      '',
    ]) {
      const res = await get(app, host)
      assert.equal(res.statusCode, 400, host)
      assert.match(String(res.headers['content-type']), /^application\/json/)
      const body = res.json()
      assert.equal(body.code, 'PORTICO_ERR_ROOT_PATH_HOST_NOT_ALLOWED')
      assert.equal(body.statusCode, 400)
      if (host !== '') assert.ok(!res.body.includes(host), res.body)
    }
    for (const host of [
      'example.com',
      'EXAMPLE.COM',
      'example.com:8443',
      'example.com.',
      'a.example.org',
      'a.b.example.org:80',
    ]) {
      const res = await get(app, host)
      assert.equal(res.statusCode, 200, host)
      assert.equal(res.json().absolute, `http://${host}/api/v1/app`)
    }
  })

  test('not-found requests and redirects are checked too (no absolute redirect to another host)', async (t) => {
    const app = await hostApp({ allowedHosts: ['example.com'], redirectSlashes: { absolute: true } })
    t.after(() => app.close())
    const evil = await app.inject({ url: '/api/v1/items', headers: { host: 'evil.example' } })
    assert.equal(evil.statusCode, 400)
    assert.equal(evil.headers.location, undefined)
    const missing = await app.inject({ url: '/nowhere', headers: { host: 'evil.example' } })
    assert.equal(missing.statusCode, 400)
    const good = await app.inject({ url: '/api/v1/items', headers: { host: 'example.com' } })
    assert.equal(good.statusCode, 307)
    assert.equal(good.headers.location, 'http://example.com/api/v1/items/')
  })

  test('X-Forwarded-Host counts only from a trusted proxy, and is checked like Host', async (t) => {
    const app = await hostApp({ allowedHosts: ['example.com', 'internal.local'] }, { trustProxy: PROXY })
    t.after(() => app.close())
    const forged = await get(app, 'internal.local', {
      headers: { 'x-forwarded-host': 'evil.example' },
      remoteAddress: CLIENT,
    })
    assert.equal(forged.statusCode, 200)
    assert.equal(forged.json().absolute, 'http://internal.local/api/v1/app')
    const proxied = await get(app, 'internal.local', {
      headers: { 'x-forwarded-host': 'evil.example' },
      remoteAddress: PROXY,
    })
    assert.equal(proxied.statusCode, 400)
    const ok = await get(app, 'internal.local', {
      headers: { 'x-forwarded-host': 'example.com', 'x-forwarded-proto': 'https' },
      remoteAddress: PROXY,
    })
    assert.equal(ok.json().absolute, 'https://example.com/api/v1/app')
  })

  test('"*" allows any host; IPv4 and [IPv6] literals', async (t) => {
    const any = await hostApp({ allowedHosts: ['example.com', '*'] })
    t.after(() => any.close())
    assert.equal((await get(any, 'whatever.example')).statusCode, 200)
    const ips = await hostApp({ allowedHosts: ['127.0.0.1', '[::1]'] })
    t.after(() => ips.close())
    assert.equal((await get(ips, '127.0.0.1:8000')).statusCode, 200)
    assert.equal((await get(ips, '[::1]:8000')).statusCode, 200)
    assert.equal((await get(ips, '[::2]')).statusCode, 400)
  })

  test('invalid entries fail at startup naming allowedHosts[i]', () => {
    for (const [value, at] of [
      ['example.com', 'allowedHosts'],
      [[], 'allowedHosts'],
      [[''], 'allowedHosts\\[0\\]'],
      [['example.com', 5], 'allowedHosts\\[1\\]'],
      [['https://example.com'], 'allowedHosts\\[0\\]'],
      [['example.com:8000'], 'allowedHosts\\[0\\]'],
      [['ex ample.com'], 'allowedHosts\\[0\\]'],
      [['*example.com'], 'allowedHosts\\[0\\]'],
      [['a.*.example.com'], 'allowedHosts\\[0\\]'],
      [['*.'], 'allowedHosts\\[0\\]'],
    ] as const) {
      assert.throws(
        () => resolveRootPathOptions({ allowedHosts: value as never }),
        (error: Error & { code?: string }) => {
          assert.ok(error instanceof PORTICO_ERR_ROOT_PATH_OPTION_INVALID, String(error))
          assert.match(error.message, new RegExp(`"${at}"`))
          return true
        },
        JSON.stringify(value),
      )
    }
  })
})
