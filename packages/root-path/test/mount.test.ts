import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import swagger from '@fastify/swagger'
import { mount, rootPath, rootPathRewriteUrl, rootPathServeHook, serversFor } from '@portico/root-path'
import Fastify, { type FastifyInstance } from 'fastify'
import { PROXY } from './helpers.js'

async function subApplication(sub: FastifyInstance, options: { greeting?: string }) {
  sub.get('/sub', { config: { name: 'sub' } }, async (request) => ({
    message: options.greeting ?? 'Hello World from sub API',
    root_path: request.rootPath,
    self: request.urlFor('sub'),
    parent: request.urlFor('app'),
    servers: serversFor(request),
    hook: rootPathServeHook(request),
  }))
  sub.get('/fail', async () => {
    throw new Error('sub failure')
  })
  sub.setErrorHandler(async (error, request, reply) =>
    reply.code(500).send({ error: (error as Error).message, root_path: request.rootPath }),
  )
  sub.register(
    mount(
      async (inner) => {
        inner.get('/deep', { config: { name: 'sub' } }, async (request) => ({
          root_path: request.rootPath,
          self: request.urlFor('sub'),
          servers: serversFor(request),
        }))
      },
      { servers: [{ url: 'https://inner.example.com' }], rootPathInServers: false, name: 'inner' },
    ),
    { prefix: '/inner' },
  )
}

async function mainApp(options = {}, fastifyOptions = {}) {
  const app = Fastify({ rewriteUrl: rootPathRewriteUrl, ...fastifyOptions })
  await app.register(rootPath, { rootPath: '/api/v1', ...options })
  app.get('/app', { config: { name: 'app' } }, async (request) => ({
    root_path: request.rootPath,
    servers: serversFor(request),
  }))
  app.get('/links', async (request) => ({
    sub: request.urlFor('subapi:sub'),
    deep: request.urlFor('subapi:inner:sub'),
  }))
  await app.register(
    mount(subApplication, { servers: [{ url: 'https://sub.example.com' }], name: 'subapi' }),
    {
      prefix: '/subapi',
      greeting: 'hi',
    },
  )
  return app
}

describe('mounted sub-applications (behaviour 8)', () => {
  test('request.rootPath is root + prefix, whether the proxy strips the root or not', async () => {
    const app = await mainApp()
    for (const url of ['/api/v1/subapi/sub', '/subapi/sub']) {
      const body = (await app.inject(url)).json()
      assert.equal(body.message, 'hi', 'register options reach the sub-application')
      assert.equal(body.root_path, '/api/v1/subapi', url)
      assert.equal(body.self, '/api/v1/subapi/sub')
      assert.equal(body.parent, '/api/v1/app')
      assert.deepEqual(body.servers, [{ url: '/api/v1/subapi' }, { url: 'https://sub.example.com' }])
      assert.deepEqual(body.hook, { basePath: '/api/v1/subapi', servers: body.servers })
    }
    assert.deepEqual((await app.inject('/api/v1/app')).json(), {
      root_path: '/api/v1',
      servers: [{ url: '/api/v1' }],
    })
  })

  test('nested mounts compose; names are scoped per sub-application', async () => {
    const app = await mainApp()
    const body = (await app.inject('/api/v1/subapi/inner/deep')).json()
    assert.deepEqual(body, {
      root_path: '/api/v1/subapi/inner',
      self: '/api/v1/subapi/inner/deep',
      servers: [{ url: 'https://inner.example.com' }],
    })
  })

  test("the app names a named sub-application's routes as '<mount name>:<route name>'", async () => {
    const app = await mainApp()
    assert.deepEqual((await app.inject('/api/v1/links')).json(), {
      sub: '/api/v1/subapi/sub',
      deep: '/api/v1/subapi/inner/deep',
    })
    assert.throws(() => mount(async () => {}, { name: 'a:b' }), {
      code: 'PORTICO_ERR_ROOT_PATH_OPTION_INVALID',
    })
  })

  test('error handlers inside the mount see the mount root path', async () => {
    const app = await mainApp()
    assert.deepEqual((await app.inject('/api/v1/subapi/fail')).json(), {
      error: 'sub failure',
      root_path: '/api/v1/subapi',
    })
  })

  test('with a forwarded prefix: <forwarded>/<prefix>', async () => {
    const app = await mainApp({ forwardedPrefix: true }, { trustProxy: PROXY })
    const response = await app.inject({
      url: '/edge/subapi/sub',
      headers: { 'x-forwarded-prefix': '/edge' },
      remoteAddress: PROXY,
    })
    assert.equal(response.json().root_path, '/edge/subapi')
    assert.deepEqual(response.json().servers, [{ url: '/edge/subapi' }, { url: 'https://sub.example.com' }])
  })

  test('a sub-application with its own @fastify/swagger gets its own servers through the transform', async () => {
    const app = Fastify({ rewriteUrl: rootPathRewriteUrl })
    await app.register(rootPath, { rootPath: '/api/v1' })
    await app.register(
      mount(async (sub) => {
        await sub.register(swagger, { openapi: { info: { title: 'Sub', version: '1' } } })
        sub.get('/sub', async () => 'sub')
        sub.get('/openapi.json', { schema: { hide: true } }, async (request) => {
          const { rootPathTransformSpecification } = await import('@portico/root-path')
          return rootPathTransformSpecification(sub.swagger() as Record<string, any>, request)
        })
      }),
      { prefix: '/subapi' },
    )
    const document = (await app.inject('/api/v1/subapi/openapi.json')).json()
    assert.deepEqual(document.servers, [{ url: '/api/v1/subapi' }])
  })

  test("404s: a sub-application's own not-found handler sees its root path; the app's default one the app's", async () => {
    const app = Fastify({ rewriteUrl: rootPathRewriteUrl })
    await app.register(rootPath, { rootPath: '/api/v1' })
    app.setNotFoundHandler((request, reply) => reply.code(404).send({ app: request.rootPath }))
    await app.register(
      mount(async (sub) => sub.get('/x', async () => 'x')),
      { prefix: '/plain' },
    )
    await app.register(
      mount(async (sub) => {
        sub.setNotFoundHandler((request, reply) => reply.code(404).send({ sub: request.rootPath }))
      }),
      { prefix: '/own' },
    )
    assert.deepEqual((await app.inject('/api/v1/plain/nope')).json(), { app: '/api/v1' })
    assert.deepEqual((await app.inject('/api/v1/own/nope')).json(), { sub: '/api/v1/own' })
    assert.deepEqual((await app.inject('/own/nope')).json(), { sub: '/api/v1/own' })
  })
})
