import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { mount, resolveRootPathOptions, rootPath, rootPathRewriteUrl } from '@portico/root-path'
import Fastify from 'fastify'

async function startupError(build: () => Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await build()
  } catch (error) {
    return error as Error & { code?: string }
  }
  assert.fail('expected a startup error')
}

async function register(options: Record<string, unknown>, fastifyOptions: Record<string, unknown> = {}) {
  const app = Fastify({ rewriteUrl: rootPathRewriteUrl, ...fastifyOptions })
  await app.register(rootPath, options as never)
  await app.ready()
  return app
}

describe('option validation (behaviour 3)', () => {
  test('rootPath is normalised: "/api/" -> "/api", "/" -> ""', async () => {
    assert.equal(resolveRootPathOptions({ rootPath: '/api/' }).rootPath, '/api')
    assert.equal(resolveRootPathOptions({ rootPath: '/' }).rootPath, '')
    assert.equal(resolveRootPathOptions({}).rootPath, '')
    const app = Fastify({ rewriteUrl: rootPathRewriteUrl })
    await app.register(rootPath, { rootPath: '/api/' })
    app.get('/where', async (request) => request.rootPath)
    assert.equal((await app.inject('/api/where')).body, '/api')
  })

  test('defaults', () => {
    assert.deepEqual(
      { ...resolveRootPathOptions() },
      {
        rootPath: '',
        servers: [],
        rootPathInServers: true,
        forwardedPrefix: false,
        redirectSlashes: { absolute: false },
        methodNotAllowed: true,
        allowedHosts: undefined, // ['*']: any host, no check
      },
    )
  })

  for (const bad of [
    'api',
    '//api',
    '/api/../x',
    '/./x',
    '/api?x',
    '/api#x',
    '/api\\x',
    'https://x.example/api',
    '/a\u0007',
  ]) {
    test(`rootPath ${JSON.stringify(bad)} fails at startup naming the option`, async () => {
      const error = await startupError(() => register({ rootPath: bad }))
      assert.equal(error.code, 'PORTICO_ERR_ROOT_PATH_INVALID')
      assert.match(error.message, /^Invalid option "rootPath": /)
    })
  }

  for (const [servers, at] of [
    ['https://x', 'servers'],
    [[null], 'servers\\[0\\]'],
    [[{}], 'servers\\[0\\]\\.url'],
    [[{ url: 42 }], 'servers\\[0\\]\\.url'],
    [[{ url: '' }], 'servers\\[0\\]\\.url'],
    [[{ url: '/a', description: 1 }], 'servers\\[0\\]\\.description'],
    [[{ url: '/a', variables: { v: { enum: ['a'] } } }], 'servers\\[0\\]\\.variables\\.v'],
  ] as const) {
    test(`servers ${JSON.stringify(servers)} fails naming ${at.replaceAll('\\', '')}`, async () => {
      const error = await startupError(() => register({ servers }))
      assert.equal(error.code, 'PORTICO_ERR_ROOT_PATH_SERVERS_INVALID')
      assert.match(error.message, new RegExp(`^Invalid option "${at}"`))
    })
  }

  test('other options are type-checked and unknown ones rejected', async () => {
    let error = await startupError(() => register({ rootPathInServers: 'no' }))
    assert.equal(error.code, 'PORTICO_ERR_ROOT_PATH_OPTION_INVALID')
    assert.match(error.message, /"rootPathInServers"/)
    error = await startupError(() => register({ root_path: '/api' }))
    assert.equal(error.code, 'PORTICO_ERR_ROOT_PATH_OPTION_UNKNOWN')
    assert.match(
      error.message,
      /option "root_path" \(known: rootPath, servers, rootPathInServers, forwardedPrefix, redirectSlashes, methodNotAllowed, allowedHosts\)/,
    )
  })

  test('configured servers are copied: mutating the caller array later changes nothing', async () => {
    const servers = [{ url: 'https://prod.example.com' }]
    const resolved = resolveRootPathOptions({ servers })
    servers[0]!.url = 'https://evil.example'
    servers.push({ url: 'https://other.example' })
    assert.deepEqual(resolved.servers, [{ url: 'https://prod.example.com' }])
    assert.ok(Object.isFrozen(resolved.servers) && Object.isFrozen(resolved.servers[0]))
  })
})

describe('wiring checks', () => {
  test('plugin without the rewriter fails at startup', async () => {
    const error = await startupError(async () => {
      const app = Fastify()
      await app.register(rootPath, { rootPath: '/api' })
    })
    assert.equal(error.code, 'PORTICO_ERR_ROOT_PATH_REWRITE_NOT_WIRED')
    assert.match(error.message, /rewriteUrl: rootPathRewriteUrl/)
  })

  test('plugin with a different rewriteUrl fails at startup', async () => {
    const error = await startupError(async () => {
      const app = Fastify({ rewriteUrl: (req) => req.url ?? '/' })
      await app.register(rootPath, {})
    })
    assert.equal(error.code, 'PORTICO_ERR_ROOT_PATH_REWRITE_NOT_WIRED')
  })

  test("a user's rewriteUrl that delegates to rootPathRewriteUrl is accepted", async () => {
    const app = Fastify({
      rewriteUrl(req) {
        const url = rootPathRewriteUrl.call(this, req)
        return url === '/old' ? '/app' : url
      },
    })
    await app.register(rootPath, { rootPath: '/api' })
    app.get('/app', async (request) => ({ root_path: request.rootPath }))
    assert.deepEqual((await app.inject('/api/old')).json(), { root_path: '/api' })
  })

  test('rewriter without the plugin: logged once, requests routed unchanged', async () => {
    const logs: string[] = []
    const app = Fastify({
      rewriteUrl: rootPathRewriteUrl,
      logger: { level: 'error', stream: { write: (line: string) => logs.push(line) } },
    })
    app.get('/app', async () => 'ok')
    assert.equal((await app.inject('/app')).body, 'ok')
    assert.equal((await app.inject('/app')).body, 'ok')
    assert.equal(logs.filter((line) => line.includes('PORTICO_ERR_ROOT_PATH_PLUGIN_MISSING')).length, 1)
  })

  test('registering inside an encapsulated plugin or twice fails', async () => {
    let error = await startupError(async () => {
      const app = Fastify({ rewriteUrl: rootPathRewriteUrl })
      await app.register(async (child) => {
        await child.register(rootPath, {})
      })
      await app.ready()
    })
    assert.equal(error.code, 'PORTICO_ERR_ROOT_PATH_REGISTRATION_INVALID')
    error = await startupError(async () => {
      const app = Fastify({ rewriteUrl: rootPathRewriteUrl })
      await app.register(rootPath, {})
      await app.register(rootPath, {})
    })
    assert.match(error.message, /registered twice/)
  })

  for (const trustProxy of [undefined, false, 1]) {
    test(`forwardedPrefix with trustProxy ${String(trustProxy)} fails at startup`, async () => {
      const error = await startupError(() => register({ forwardedPrefix: true }, { trustProxy }))
      assert.equal(error.code, 'PORTICO_ERR_ROOT_PATH_TRUST_PROXY_INVALID')
      assert.match(error.message, /^Invalid option "forwardedPrefix": .*trustProxy/)
    })
  }

  test('mount() validates its options and its prefix', async () => {
    assert.throws(() => mount(async () => {}, { servers: [{ url: 1 }] as never }), {
      code: 'PORTICO_ERR_ROOT_PATH_SERVERS_INVALID',
      message: /"mount\.servers\[0\]\.url"/,
    })
    assert.throws(
      () => mount(async () => {}, { rootPathInServers: 'x' as never }),
      /"mount\.rootPathInServers"/,
    )
    let error = await startupError(async () => {
      const app = Fastify({ rewriteUrl: rootPathRewriteUrl })
      await app.register(rootPath, {})
      await app.register(
        mount(async () => {}),
        { prefix: '/:tenant' },
      )
    })
    assert.equal(error.code, 'PORTICO_ERR_ROOT_PATH_INVALID')
    assert.match(error.message, /"prefix"/)
    error = await startupError(async () => {
      const app = Fastify({ rewriteUrl: rootPathRewriteUrl })
      await app.register(
        mount(async () => {}),
        { prefix: '/sub' },
      )
    })
    assert.match(error.message, /needs app\.register\(rootPath/)
  })
})
