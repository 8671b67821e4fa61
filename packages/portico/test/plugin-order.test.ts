// Plugins registered on the app that createApp returns, before it starts, apply to the controller
// routes and to the document and docs routes: createApp adds those routes when the app starts.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import compress from '@fastify/compress'
import helmet from '@fastify/helmet'
import rateLimit from '@fastify/rate-limit'
import { Controller, createApp, createSubApp, Get, registerLast } from 'portico'

@Controller()
class Main {
  @Get('/app')
  readMain() {
    // Large enough for @fastify/compress's threshold (1024 bytes).
    return { message: 'Hello World'.repeat(200) }
  }
}

@Controller()
class Sub {
  @Get('/sub')
  readSub() {
    return { message: 'Hello from the sub-application' }
  }
}

test('@fastify/rate-limit registered after createApp limits controller routes', async (t) => {
  const app = createApp({ controllers: [Main] })
  t.after(() => app.close())
  await app.register(rateLimit, { max: 2, timeWindow: 60_000 })
  const statuses = []
  for (let i = 0; i < 3; i++) statuses.push((await app.inject('/app')).statusCode)
  assert.deepEqual(statuses, [200, 200, 429])
  const limited = await app.inject('/app')
  assert.equal(limited.headers['x-ratelimit-limit'], '2')
})

test('@fastify/rate-limit registered without await, before listen, applies too', async (t) => {
  const app = createApp({ controllers: [Main], rootPath: '/api/v1' })
  t.after(() => app.close())
  app.register(rateLimit, { max: 1, timeWindow: 60_000 })
  await app.listen({ host: '127.0.0.1', port: 0 })
  const { port } = app.server.address() as { port: number }
  const first = await fetch(`http://127.0.0.1:${port}/api/v1/app`)
  const second = await fetch(`http://127.0.0.1:${port}/api/v1/app`)
  assert.deepEqual([first.status, second.status], [200, 429])
})

test('@fastify/compress compresses controller routes, /openapi.json and the docs assets', async (t) => {
  const app = createApp({ controllers: [Main] })
  t.after(() => app.close())
  await app.register(compress, { encodings: ['gzip'], threshold: 0 })
  const gzip = { 'accept-encoding': 'gzip' }
  const route = await app.inject({ url: '/app', headers: gzip })
  assert.equal(route.headers['content-encoding'], 'gzip')
  const document = await app.inject({ url: '/openapi.json', headers: gzip })
  assert.equal(document.statusCode, 200)
  assert.equal(document.headers['content-encoding'], 'gzip')
  const page = await app.inject('/docs')
  const bundle = /src="([^"]*swagger-ui-bundle\.js)"/.exec(page.body)
  assert.ok(bundle, 'the docs page links the Swagger UI bundle')
  const asset = await app.inject({ url: bundle[1]!, headers: gzip })
  assert.equal(asset.statusCode, 200)
  assert.equal(asset.headers['content-encoding'], 'gzip')
})

test('@fastify/helmet sets its headers on controller routes and docs pages', async (t) => {
  const app = createApp({ controllers: [Main] })
  t.after(() => app.close())
  await app.register(helmet, { contentSecurityPolicy: false })
  for (const url of ['/app', '/openapi.json', '/docs']) {
    const res = await app.inject(url)
    assert.equal(res.statusCode, 200, url)
    // The docs pages send DENY over helmet's SAMEORIGIN (they are never framed: @portico/openapi).
    assert.equal(res.headers['x-frame-options'], url === '/docs' ? 'DENY' : 'SAMEORIGIN', url)
    assert.equal(res.headers['x-content-type-options'], 'nosniff', url)
  }
})

test('plugins registered on the app apply to a mounted sub-application registered after them', async (t) => {
  const app = createApp({ controllers: [Main] })
  t.after(() => app.close())
  await app.register(rateLimit, { max: 1, timeWindow: 60_000 })
  app.register(createSubApp({ controllers: [Sub] }), { prefix: '/subapi' })
  assert.equal((await app.inject('/subapi/sub')).statusCode, 200)
  assert.equal((await app.inject('/subapi/sub')).statusCode, 429)
})

test('ready() called several times registers the controllers once', async (t) => {
  const app = createApp({ controllers: [Main] })
  t.after(() => app.close())
  await Promise.all([app.ready(), app.ready()])
  await app.ready()
  assert.equal((await app.inject('/app')).statusCode, 200)
})

test('registerLast after the app started throws, naming the plugin, instead of never registering it', async (t) => {
  const app = createApp({ controllers: [Main] })
  t.after(() => app.close())
  await app.ready()
  async function lateRoutes() {}
  assert.throws(() => registerLast(app, lateRoutes), {
    code: 'PORTICO_ERR_APP_REGISTER_TOO_LATE',
    message: /registerLast\(lateRoutes\) after the app started/,
  })
})
