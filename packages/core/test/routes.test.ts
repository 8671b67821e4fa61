import assert from 'node:assert/strict'
import { test } from 'node:test'
import { All, Controller, Delete, Get, Head, Options, Patch, Post, Put, portico, Reply } from '@portico/core'
import { Type } from '@sinclair/typebox'
import Fastify, { type FastifyReply, type RouteOptions } from 'fastify'
import { appWith } from './helpers.js'

@Controller('/items')
class ItemsController {
  @Get()
  list() {
    return { method: 'GET' }
  }
  @Post('/', { status: 201 })
  create() {
    return { method: 'POST' }
  }
  @Put('/one')
  put() {
    return { method: 'PUT' }
  }
  @Patch('/one')
  patch() {
    return { method: 'PATCH' }
  }
  @Delete('/one', { status: 204 })
  remove() {}
  @Head('/probe')
  head(@Reply() reply: FastifyReply) {
    reply.header('x-probe', 'yes').send()
  }
  @Options('/one')
  options(@Reply() reply: FastifyReply) {
    reply.header('allow', 'GET, PUT, PATCH, DELETE').code(204).send()
  }
  @All('/any')
  any() {
    return { any: true }
  }
}

test('every method decorator registers its route under the controller prefix', async (t) => {
  const app = await appWith(t, { controllers: [ItemsController] })
  const get = await app.inject({ method: 'GET', url: '/items' })
  assert.equal(get.statusCode, 200)
  assert.deepEqual(get.json(), { method: 'GET' })
  const post = await app.inject({ method: 'POST', url: '/items/' })
  assert.equal(post.statusCode, 201)
  assert.deepEqual(post.json(), { method: 'POST' })
  assert.deepEqual((await app.inject({ method: 'PUT', url: '/items/one' })).json(), { method: 'PUT' })
  assert.deepEqual((await app.inject({ method: 'PATCH', url: '/items/one' })).json(), { method: 'PATCH' })
  const del = await app.inject({ method: 'DELETE', url: '/items/one' })
  assert.equal(del.statusCode, 204)
  assert.equal(del.body, '')
  const head = await app.inject({ method: 'HEAD', url: '/items/probe' })
  assert.equal(head.statusCode, 200)
  assert.equal(head.headers['x-probe'], 'yes')
  const opts = await app.inject({ method: 'OPTIONS', url: '/items/one' })
  assert.equal(opts.statusCode, 204)
  assert.equal(opts.headers.allow, 'GET, PUT, PATCH, DELETE')
  for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const) {
    const res = await app.inject({ method, url: '/items/any' })
    assert.equal(res.statusCode, 200, method)
    assert.deepEqual(res.json(), { any: true })
  }
  assert.equal((await app.inject({ method: 'POST', url: '/items/one' })).statusCode, 404)
})

test('a GET route also answers HEAD; an explicit @Head on the same path replaces that', async (t) => {
  @Controller()
  class C {
    @Get('/x')
    get() {
      return { ok: true }
    }
    @Head('/x')
    head(@Reply() reply: FastifyReply) {
      reply.header('x-explicit', '1').send()
    }
    @Get('/y')
    y() {
      return { ok: true }
    }
  }
  const app = await appWith(t, { controllers: [C] })
  const x = await app.inject({ method: 'HEAD', url: '/x' })
  assert.equal(x.headers['x-explicit'], '1')
  const y = await app.inject({ method: 'HEAD', url: '/y' })
  assert.equal(y.statusCode, 200)
  assert.equal(y.headers['x-explicit'], undefined)
})

test('paths join the controller prefix with the route path, one slash between, the trailing one kept', async (t) => {
  @Controller('api/')
  class A {
    @Get('/v1/')
    v1() {
      return 'v1'
    }
    @Get('status')
    status() {
      return 'ok'
    }
  }
  @Controller()
  class Root {
    @Get()
    root() {
      return 'root'
    }
  }
  const app = await appWith(t, { controllers: [A, Root] })
  // Served as declared (FastAPI's prefix + path): '/v1/' keeps its slash, 'status' has none.
  assert.equal((await app.inject('/api/v1/')).body, 'v1')
  assert.equal((await app.inject('/api/v1')).statusCode, 404, 'no redirect without @portico/root-path')
  assert.equal((await app.inject('/api/status')).body, 'ok')
  assert.equal((await app.inject('/')).body, 'root')
})

test('doc fields land on the route schema and config.portico names the route', async (t) => {
  const Item = Type.Object({ id: Type.Integer() })
  @Controller('/docs', { tags: ['items'], security: [{ bearer: [] }] })
  class Documented {
    @Get('/:id', {
      params: Type.Object({ id: Type.Integer() }),
      response: { 200: Item },
      summary: 'Find an item',
      description: 'Looks an item up by id.',
      tags: ['lookup', 'items'],
      operationId: 'findItem',
      deprecated: true,
      name: 'items.find',
    })
    find() {
      return { id: 1 }
    }
    @Get('/hidden', { hide: true, security: [] })
    hidden() {
      return 'h'
    }
  }
  const seen: RouteOptions[] = []
  const app = Fastify()
  t.after(() => app.close())
  app.addHook('onRoute', (route) => {
    if (route.method !== 'HEAD') seen.push(route)
  })
  await app.register(portico, { controllers: [Documented] })
  await app.ready()
  const find = seen.find((r) => r.url === '/docs/:id')!
  const schema = find.schema as Record<string, unknown>
  assert.equal(schema.summary, 'Find an item')
  assert.equal(schema.description, 'Looks an item up by id.')
  assert.deepEqual(schema.tags, ['items', 'lookup'])
  assert.equal(schema.operationId, 'findItem')
  assert.equal(schema.deprecated, true)
  assert.deepEqual(schema.security, [{ bearer: [] }])
  assert.deepEqual(find.config, {
    portico: { name: 'items.find', controller: 'Documented', handler: 'find' },
  })
  const hidden = seen.find((r) => r.url === '/docs/hidden')!
  assert.equal((hidden.schema as Record<string, unknown>).hide, true)
  assert.deepEqual((hidden.schema as Record<string, unknown>).security, [])
  assert.deepEqual(hidden.config, { portico: { controller: 'Documented', handler: 'hidden' } })
})

test('routes are served as declared: a trailing slash is kept, as FastAPI prefix + path', async (t) => {
  @Controller('/items')
  class Items {
    @Get('/')
    list() {
      return 'list'
    }
    @Get('')
    bare() {
      return 'bare'
    }
  }
  @Controller()
  class Root {
    @Get('/things/')
    things() {
      return 'things'
    }
    @Get('/plain')
    plain() {
      return 'plain'
    }
  }
  const app = await appWith(t, { controllers: [Items, Root] })
  // '/items/' (prefix + '/') and '/items' (prefix + '') are two routes, as in FastAPI.
  assert.equal((await app.inject('/items/')).body, 'list')
  assert.equal((await app.inject('/items')).body, 'bare')
  assert.equal((await app.inject('/things/')).body, 'things')
  assert.equal((await app.inject('/things')).statusCode, 404)
  assert.equal((await app.inject('/plain')).body, 'plain')
  assert.equal((await app.inject('/plain/')).statusCode, 404)
  for (const url of ['/items/', '/items', '/things/', '/plain']) {
    assert.ok(app.hasRoute({ method: 'GET', url }), url)
  }
})
