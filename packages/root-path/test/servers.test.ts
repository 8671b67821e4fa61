import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import {
  computeServers,
  type RootPathOptions,
  rootPath,
  rootPathRewriteUrl,
  rootPathServeHook,
  swaggerUiRootPathOptions,
} from '@portico/root-path'
import Fastify from 'fastify'
import { PROXY } from './helpers.js'

const STAGING = { url: 'https://stag.example.com', description: 'Staging environment' }
const PROD = { url: 'https://prod.example.com', description: 'Production environment' }

/** Plain Fastify + @fastify/swagger + @fastify/swagger-ui, documents served per request. */
async function swaggerApp(options: RootPathOptions, fastifyOptions: Record<string, unknown> = {}) {
  const app = Fastify({ rewriteUrl: rootPathRewriteUrl, ...fastifyOptions })
  await app.register(rootPath, options)
  await app.register(swagger, { openapi: { info: { title: 'Plain', version: '1.0.0' } } })
  await app.register(swaggerUi, { routePrefix: '/docs', ...swaggerUiRootPathOptions() })
  app.get('/app', async (request) => ({ message: 'Hello World', root_path: request.rootPath }))
  app.get('/serve-hook', async (request) => rootPathServeHook(request))
  await app.ready()
  return app
}

async function servers(app: Awaited<ReturnType<typeof swaggerApp>>, url = '/docs/json', headers = {}) {
  const response = await app.inject({ url, headers, remoteAddress: PROXY })
  assert.equal(response.statusCode, 200)
  const document = response.json()
  return 'servers' in document ? document.servers : 'omitted'
}

describe('servers per request (behaviour 5), FastAPI rules', () => {
  test('root first, configured after in order', async () => {
    const app = await swaggerApp({ rootPath: '/api/v1', servers: [STAGING, PROD] })
    assert.deepEqual(await servers(app), [{ url: '/api/v1' }, STAGING, PROD])
    assert.deepEqual(await servers(app, '/api/v1/docs/json'), [{ url: '/api/v1' }, STAGING, PROD])
  })

  test('the seed: rootPathInServers false lists the configured servers only', async () => {
    const app = await swaggerApp({ rootPath: '/api/v1', servers: [STAGING, PROD], rootPathInServers: false })
    assert.deepEqual(await servers(app), [STAGING, PROD])
    assert.deepEqual((await app.inject('/api/v1/app')).json(), {
      message: 'Hello World',
      root_path: '/api/v1',
    })
  })

  test('a configured server with exactly the root url is not duplicated', async () => {
    const app = await swaggerApp({
      rootPath: '/api/v1',
      servers: [PROD, { url: '/api/v1', description: 'here' }],
    })
    assert.deepEqual(await servers(app), [PROD, { url: '/api/v1', description: 'here' }])
    const near = await swaggerApp({ rootPath: '/api/v1', servers: [{ url: '/api/v1/' }] })
    assert.deepEqual(await servers(near), [{ url: '/api/v1' }, { url: '/api/v1/' }])
  })

  test('key omitted when empty; configured list alone without a root path', async () => {
    assert.equal(await servers(await swaggerApp({})), 'omitted')
    assert.equal(await servers(await swaggerApp({ rootPath: '/x', rootPathInServers: false })), 'omitted')
    assert.deepEqual(await servers(await swaggerApp({ servers: [PROD] })), [PROD])
  })

  test('per request from the forwarded prefix, no leakage between requests, config never mutated', async () => {
    const configured = [PROD]
    const app = await swaggerApp({ servers: configured, forwardedPrefix: true }, { trustProxy: PROXY })
    assert.deepEqual(await servers(app, '/a/docs/json', { 'x-forwarded-prefix': '/a' }), [
      { url: '/a' },
      PROD,
    ])
    assert.deepEqual(await servers(app, '/docs/json', { 'x-forwarded-prefix': '/b' }), [{ url: '/b' }, PROD])
    assert.deepEqual(await servers(app, '/docs/json'), [PROD])
    assert.deepEqual(await servers(app, '/a/docs/json', { 'x-forwarded-prefix': '/a' }), [
      { url: '/a' },
      PROD,
    ])
    assert.deepEqual(configured, [PROD])
    const docs = await app.inject({
      url: '/docs/json',
      headers: { 'x-forwarded-prefix': '/a' },
      remoteAddress: PROXY,
    })
    assert.match(String(docs.headers.vary), /X-Forwarded-Prefix/)
  })

  test('the @fastify/swagger document itself is never modified', async () => {
    const app = await swaggerApp({ rootPath: '/api/v1', servers: [PROD] })
    await servers(app)
    assert.equal('servers' in app.swagger(), false)
  })

  test('computeServers returns frozen, shared-per-root results and a bounded cache', () => {
    const config = { servers: Object.freeze([PROD]), rootPathInServers: true }
    const first = computeServers('/a', config)
    assert.ok(Object.isFrozen(first) && Object.isFrozen(first[0]))
    assert.equal(computeServers('/a', config), first)
    assert.throws(() => (first as unknown as unknown[]).push({ url: '/x' }))
    for (let i = 0; i < 1000; i++) computeServers(`/p${i}`, config)
    assert.deepEqual(computeServers('/a', config), [{ url: '/a' }, PROD])
    assert.equal(computeServers('', config), config.servers)
  })
})

describe('serve hook for @portico/openapi', () => {
  test('returns { basePath: request.rootPath, servers }', async () => {
    const app = await swaggerApp({ rootPath: '/api/v1', servers: [PROD] })
    assert.deepEqual((await app.inject('/serve-hook')).json(), {
      basePath: '/api/v1',
      servers: [{ url: '/api/v1' }, PROD],
    })
    const bare = await swaggerApp({})
    assert.deepEqual((await bare.inject('/serve-hook')).json(), { basePath: '', servers: [] })
  })

  test('adds vary: [X-Forwarded-Prefix] when forwarded prefixes are on', async () => {
    const app = await swaggerApp({ forwardedPrefix: true }, { trustProxy: PROXY })
    const response = await app.inject({
      url: '/a/serve-hook',
      headers: { 'x-forwarded-prefix': '/a' },
      remoteAddress: PROXY,
    })
    assert.deepEqual(response.json(), {
      basePath: '/a',
      servers: [{ url: '/a' }],
      vary: ['X-Forwarded-Prefix'],
    })
  })

  test('returns undefined when the rootPath plugin is not registered', async () => {
    const app = Fastify()
    app.get('/hook', async (request) => ({ result: rootPathServeHook(request) ?? 'undefined' }))
    assert.deepEqual((await app.inject('/hook')).json(), { result: 'undefined' })
  })
})
