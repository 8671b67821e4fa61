import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { mount, rootPath, rootPathRewriteUrl } from '@portico/root-path'
import Fastify, { type FastifyInstance } from 'fastify'

async function appWithMount(): Promise<{ app: FastifyInstance; contexts: FastifyInstance[] }> {
  const contexts: FastifyInstance[] = []
  const app = Fastify({ rewriteUrl: rootPathRewriteUrl })
  await app.register(rootPath, { rootPath: '/api/v1' })
  app.get('/app', { config: { name: 'app' } }, async (request) => ({ home: request.urlFor('submount:home') }))
  app.register(
    mount(
      async (sub) => {
        contexts.push(sub)
        sub.get('/', { config: { name: 'home' } }, async (request) => ({
          self: request.urlFor('home'),
          root_path: request.rootPath,
        }))
        sub.post('/', { config: { name: 'create' } }, async (request) => request.urlFor('create'))
      },
      { name: 'submount' },
    ),
    { prefix: '/submount' },
  )
  await app.ready()
  return { app, contexts }
}

describe('a "/" route of a mounted sub-application', () => {
  test('can be named: the two routes Fastify registers for it are one name', async (t) => {
    const { app } = await appWithMount()
    t.after(() => app.close())
    for (const url of ['/submount', '/submount/', '/api/v1/submount', '/api/v1/submount/']) {
      const res = await app.inject(url)
      assert.equal(res.statusCode, 200, url)
      assert.deepEqual(res.json(), { self: '/api/v1/submount', root_path: '/api/v1/submount' }, url)
    }
    assert.equal((await app.inject({ method: 'POST', url: '/submount/' })).body, '/api/v1/submount')
    assert.deepEqual((await app.inject('/app')).json(), { home: '/api/v1/submount' })
  })

  test('two different routes with one name are still a duplicate', async () => {
    const app = Fastify({ rewriteUrl: rootPathRewriteUrl })
    await app.register(rootPath)
    app.get('/a', { config: { name: 'x' } }, async () => 'a')
    assert.throws(() => app.get('/a/', { config: { name: 'x' } }, async () => 'a/'), {
      code: 'PORTICO_ERR_ROOT_PATH_ROUTE_NAME_DUPLICATE',
      message: /"x" is used by two routes: "\/a" and "\/a\/"/,
    })
    await app.close()
  })

  test("mount() marks the sub-application's context with Symbol.for('portico.mount')", async (t) => {
    const { app, contexts } = await appWithMount()
    t.after(() => app.close())
    const kMount = Symbol.for('portico.mount')
    const mounted = Object.getPrototypeOf(contexts[0]!) as object
    assert.equal(Object.getOwnPropertyDescriptor(mounted, kMount)?.value, true)
    assert.equal(Object.getOwnPropertyDescriptor(mounted, kMount)?.enumerable, false)
    assert.equal(Object.hasOwn(app, kMount), false, 'the app itself is not mounted')
  })
})
