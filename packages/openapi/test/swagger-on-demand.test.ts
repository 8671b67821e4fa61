import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { test } from 'node:test'
import { promisify } from 'node:util'
import { getOpenApiDocument, openapi } from '@portico/openapi'
import { Type } from '@sinclair/typebox'
import Fastify from 'fastify'

// @fastify/swagger is started on the first generation, from what its hooks would have seen at
// registration (swagger-on-demand.ts): these check what that replay must reproduce, and that
// starting an app does not load it.

test('a schema added in a child context is a component of the routes that reference it there', async (t) => {
  const app = Fastify()
  t.after(() => app.close())
  await app.register(openapi)
  app.get('/top', { schema: { response: { 200: Type.Object({ ok: Type.Boolean() }) } } }, () => ({
    ok: true,
  }))
  await app.register(async (child) => {
    child.addSchema(Type.Object({ name: Type.String() }, { $id: 'Pet' }))
    child.post('/pets', { schema: { body: Type.Ref('Pet') } }, () => ({}))
  })
  const document = (await getOpenApiDocument(app)) as {
    paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: unknown }> } }>>
    components?: { schemas?: Record<string, { title?: string }> }
  }
  assert.deepEqual(Object.keys(document.paths), ['/top', '/pets'])
  assert.deepEqual(document.paths['/pets']!.post!.requestBody!.content['application/json']!.schema, {
    $ref: '#/components/schemas/Pet',
  })
  assert.equal(document.components?.schemas?.Pet?.title, 'Pet')
})

test('two sub-applications with their own plugin get their own documents, generated independently', async (t) => {
  const app = Fastify()
  t.after(() => app.close())
  await app.register(openapi, { info: { title: 'Root', version: '1' } })
  app.get('/a', () => 'a')
  for (const name of ['one', 'two']) {
    await app.register(
      async (sub) => {
        await sub.register(openapi, { info: { title: name, version: '1' } })
        sub.get(`/${name}-only`, () => name)
      },
      { prefix: `/${name}` },
    )
  }
  await app.ready()
  const one = await app.inject('/one/openapi.json')
  const root = await app.inject('/openapi.json')
  assert.equal(one.statusCode, 200)
  assert.equal(root.statusCode, 200)
  assert.deepEqual(Object.keys(one.json().paths), ['/one-only'])
  assert.equal(one.json().info.title, 'one')
  assert.equal(root.json().info.title, 'Root')
  // The root document lists its own route and neither sub-application's.
  assert.ok(Object.keys(root.json().paths).includes('/a'))
  assert.ok(!Object.keys(root.json().paths).some((path: string) => path.includes('-only')))
  const two = await app.inject('/two/openapi.json')
  assert.deepEqual(Object.keys(two.json().paths), ['/two-only'])
})

test('starting an app does not load @fastify/swagger; the first document request does', async () => {
  // A fresh process: whether @fastify/swagger's generator (and its `yaml`) is loaded is
  // process-wide, and other tests of this file generate documents.
  const script = `
    import { createRequire } from 'node:module'
    import Fastify from 'fastify'
    import { openapi } from '@portico/openapi'
    const require = createRequire(import.meta.url)
    const loaded = () => Object.keys(require.cache).some((file) => /[\\\\/]yaml[\\\\/]/.test(file))
    const app = Fastify()
    await app.register(openapi)
    app.get('/items', () => [])
    await app.ready()
    const before = loaded()
    const response = await app.inject('/openapi.json')
    console.log(JSON.stringify({ before, after: loaded(), status: response.statusCode, paths: Object.keys(response.json().paths) }))
    await app.close()
  `
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
    cwd: new URL('.', import.meta.url),
  })
  assert.deepEqual(JSON.parse(stdout), { before: false, after: true, status: 200, paths: ['/items'] })
})
