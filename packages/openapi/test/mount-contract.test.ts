import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { getOpenApiDocument, openapi } from '@portico/openapi'
import Fastify, { type FastifyInstance } from 'fastify'

// The contract with @portico/root-path's mount() (CONTRIBUTING.md, "Contracts between packages"),
// without importing it: a mount marks its context with an own Symbol.for('portico.mount') property.
const kMount = Symbol.for('portico.mount')

function markMounted(context: FastifyInstance): void {
  Object.defineProperty(context, kMount, { value: true, enumerable: false })
}

/** A plain Fastify plugin as one would mount it: a `/` route and a catch-all. */
async function plainPlugin(plain: FastifyInstance): Promise<void> {
  plain.get('/', async () => 'index')
  plain.get('/*', async () => 'file')
  plain.register(async (nested) => nested.get('/deep', async () => 'deep'), { prefix: '/nested' })
}

describe('a context marked as mounted is not documented by an enclosing openapi plugin', () => {
  test('a mounted plain plugin with / and /* routes starts, and the parent document leaves it out', async (t) => {
    const app = Fastify()
    t.after(() => app.close())
    await app.register(openapi, { info: { title: 'Root', version: '1' } })
    app.get('/app', async () => 'app')
    app.register(
      async (mounted) => {
        markMounted(mounted)
        await mounted.register(plainPlugin)
      },
      { prefix: '/static' },
    )
    // An unmarked child context is the parent's: documented.
    app.register(async (plain) => plain.get('/things', async () => 'things'), { prefix: '/plain' })
    await app.ready()
    const document = await getOpenApiDocument(app)
    assert.deepEqual(Object.keys(document.paths ?? {}).sort(), ['/app', '/plain/things'])
    assert.equal((await app.inject('/static/')).body, 'index')
    assert.equal((await app.inject('/static/a.txt')).body, 'file')
  })

  test("unmarked, the same plugin lands in the parent's document, where its operationIds collide", async (t) => {
    const app = Fastify()
    t.after(() => app.close())
    await app.register(openapi)
    app.register(plainPlugin, { prefix: '/static' })
    await assert.rejects(async () => {
      await app.ready()
    }, /Duplicate operationId/)
  })

  test('a marked context with an openapi plugin of its own documents itself', async (t) => {
    const app = Fastify()
    t.after(() => app.close())
    await app.register(openapi, { info: { title: 'Root', version: '1' } })
    app.get('/app', async () => 'app')
    app.register(
      async (mounted) => {
        markMounted(mounted)
        await mounted.register(async (sub) => {
          await sub.register(openapi, { info: { title: 'Sub', version: '1' } })
          sub.get('/sub', async () => 'sub')
          // A plain plugin mounted inside the sub-application: in neither document.
          sub.register(
            async (inner) => {
              markMounted(inner)
              await inner.register(plainPlugin)
            },
            { prefix: '/inner' },
          )
        })
      },
      { prefix: '/subapi' },
    )
    await app.ready()
    assert.deepEqual(Object.keys((await getOpenApiDocument(app)).paths ?? {}), ['/app'])
    const sub = (await app.inject('/subapi/openapi.json')).json()
    assert.equal(sub.info.title, 'Sub')
    assert.deepEqual(Object.keys(sub.paths), ['/sub'])
  })
})
