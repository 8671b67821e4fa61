import assert from 'node:assert/strict'
import { test } from 'node:test'
import buildApp from './main.js'

test('GET /hello/:name greets through the injected service', async (t) => {
  const app = buildApp()
  t.after(() => app.close())
  const response = await app.inject({ method: 'GET', url: '/hello/Ada' })
  assert.equal(response.statusCode, 200)
  assert.deepEqual(response.json(), { message: 'Hello, Ada!', root_path: '' })
})

test('the path parameter is validated by its schema', async (t) => {
  const app = buildApp()
  t.after(() => app.close())
  const response = await app.inject({ method: 'GET', url: `/hello/${'x'.repeat(41)}` })
  assert.equal(response.statusCode, 400)
})

test('the OpenAPI document lists the route, behind a root path too', async (t) => {
  const app = buildApp({ rootPath: '/api/v1' })
  t.after(() => app.close())
  const response = await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })
  assert.equal(response.statusCode, 200)
  const document = response.json()
  assert.ok(document.paths['/hello/{name}'].get)
  assert.deepEqual(document.servers, [{ url: '/api/v1' }])
})
