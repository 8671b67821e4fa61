import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { buildApp, CLIENT, PROXY } from './helpers.js'

const trusted = { trustProxy: PROXY }

function get(url: string, prefix: string | string[] | undefined, remoteAddress = PROXY) {
  return {
    method: 'GET' as const,
    url,
    remoteAddress,
    headers: prefix === undefined ? {} : { 'x-forwarded-prefix': prefix },
  }
}

describe('forwarded prefix (behaviour 4)', () => {
  test("a trusted peer's valid prefix replaces the static root path, stripped or not", async () => {
    const app = await buildApp({ rootPath: '/api/v1', forwardedPrefix: true }, trusted)
    for (const url of ['/app', '/a/app']) {
      const response = await app.inject(get(url, '/a'))
      assert.deepEqual(response.json(), { message: 'Hello World', root_path: '/a' }, url)
    }
    // The static root path still strips (a proxy that passes the configured prefix through).
    assert.deepEqual((await app.inject(get('/api/v1/app', '/a'))).json(), {
      message: 'Hello World',
      root_path: '/a',
    })
  })

  test('one instance serves two proxy locations', async () => {
    const app = await buildApp({ forwardedPrefix: true }, trusted)
    assert.equal((await app.inject(get('/a/app', '/a'))).json().root_path, '/a')
    assert.equal((await app.inject(get('/b/app', '/b'))).json().root_path, '/b')
    assert.equal((await app.inject(get('/app', undefined))).json().root_path, '')
  })

  test("an untrusted peer's header is ignored (and its prefix is not stripped)", async () => {
    const app = await buildApp({ rootPath: '/api/v1', forwardedPrefix: true }, trusted)
    const response = await app.inject(get('/app', '/evil', CLIENT))
    assert.deepEqual(response.json(), { message: 'Hello World', root_path: '/api/v1' })
    assert.equal((await app.inject(get('/evil/app', '/evil', CLIENT))).statusCode, 404)
  })

  test('disabled by default even when the peer is trusted', async () => {
    const app = await buildApp({ rootPath: '/api/v1' }, trusted)
    assert.equal((await app.inject(get('/app', '/a'))).json().root_path, '/api/v1')
  })

  test('trustProxy forms: list, CIDR string, function, true', async () => {
    for (const trustProxy of [
      [PROXY],
      '10.0.0.0/8',
      `127.0.0.1, ${PROXY}`,
      (address: string) => address === PROXY,
      true,
    ]) {
      const app = await buildApp({ forwardedPrefix: true }, { trustProxy })
      assert.equal((await app.inject(get('/app', '/a'))).json().root_path, '/a', String(trustProxy))
      if (trustProxy !== true)
        assert.equal((await app.inject(get('/app', '/a', CLIENT))).json().root_path, '')
    }
  })

  test('several values: the last one wins (comma-separated or repeated headers)', async () => {
    const app = await buildApp({ forwardedPrefix: true }, trusted)
    assert.equal((await app.inject(get('/app', '/client-said, /proxy-said'))).json().root_path, '/proxy-said')
    assert.equal(
      (await app.inject(get('/app', ['/client-said', '/proxy-said']))).json().root_path,
      '/proxy-said',
    )
    // An invalid last value is ignored as a whole; an earlier valid one is not used instead.
    assert.equal((await app.inject(get('/app', '/good, /../bad'))).json().root_path, '')
  })

  test('percent-decoded then validated; invalid values fall back to the static root and are logged at debug', async () => {
    const logs: string[] = []
    const app = await buildApp(
      { rootPath: '/static', forwardedPrefix: true },
      { trustProxy: PROXY, logger: { level: 'debug', stream: { write: (line: string) => logs.push(line) } } },
    )
    assert.equal((await app.inject(get('/app', '/my%2Dapp'))).json().root_path, '/my-app')
    const hostile = '/%2e%2e/<script>alert(1)</script>'
    const response = await app.inject(get('/app', hostile))
    assert.equal(response.json().root_path, '/static')
    assert.ok(logs.some((line) => line.includes('ignored invalid X-Forwarded-Prefix')))
    assert.ok(
      !logs.some((line) => line.includes('script') || line.includes('%2e%2e')),
      'the value is never logged',
    )
  })

  test('"/" from a trusted proxy means "no root path"; an empty header means "no header"', async () => {
    const app = await buildApp({ rootPath: '/static', forwardedPrefix: true }, trusted)
    assert.equal((await app.inject(get('/app', '/'))).json().root_path, '')
    assert.equal((await app.inject(get('/app', ''))).json().root_path, '/static')
  })

  test('responses say they vary on X-Forwarded-Prefix (only when the option is on)', async () => {
    const app = await buildApp({ forwardedPrefix: true }, trusted)
    app.get('/varied', async (_request, reply) => reply.header('vary', 'Accept-Encoding').send('x'))
    assert.equal((await app.inject(get('/app', '/a'))).headers.vary, 'X-Forwarded-Prefix')
    assert.equal((await app.inject(get('/varied', '/a'))).headers.vary, 'Accept-Encoding, X-Forwarded-Prefix')
    assert.equal((await app.inject(get('/app', undefined, CLIENT))).headers.vary, 'X-Forwarded-Prefix')
    const off = await buildApp({ rootPath: '/x' }, trusted)
    assert.equal((await off.inject(get('/app', '/a'))).headers.vary, undefined)
  })
})

describe('concurrency', () => {
  test('200 interleaved requests with random trusted prefixes each see only their own', async () => {
    const app = await buildApp(
      { rootPath: '/static', forwardedPrefix: true, servers: [{ url: 'https://prod.example.com' }] },
      trusted,
    )
    app.get('/slow', async (request) => {
      const before = request.rootPath
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5))
      return { before, after: request.rootPath, url: request.urlFor('app') }
    })
    const prefixes = Array.from({ length: 200 }, (_, i) => `/p${i}/${Math.random().toString(36).slice(2, 8)}`)
    const responses = await Promise.all(
      prefixes.map((prefix, i) => app.inject(get(i % 2 === 0 ? `${prefix}/slow` : '/slow', prefix))),
    )
    responses.forEach((response, i) => {
      const prefix = prefixes[i]!
      assert.deepEqual(response.json(), { before: prefix, after: prefix, url: `${prefix}/app` })
    })
  })
})
