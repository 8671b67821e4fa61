// The OpenAPI document bullets of the contract, on /openapi.json and /admin/openapi.json.
import assert from 'node:assert/strict'
import { before, test } from 'node:test'
import { bookshelf, json, ROOT } from './support.js'

const app = bookshelf()
let doc: any
let admin: any
before(async () => {
  doc = json(await app.inject('/openapi.json'), 200)
  admin = json(await app.inject('/admin/openapi.json'), 200)
})
const op = (path: string, method: string, d = doc) => d.paths[path]?.[method]
const operations = () =>
  Object.entries(doc.paths).flatMap(([path, item]: [string, any]) =>
    Object.entries(item).map(([method, operation]: [string, any]) => ({ path, method, operation })),
  )

test('OpenAPI 3.1, servers[0] is the root path; the admin document is its own, under /admin', () => {
  assert.equal(doc.openapi, '3.1.0')
  assert.equal(doc.servers[0].url, ROOT)
  assert.equal(admin.servers[0].url, `${ROOT}/admin`)
  assert.deepEqual(Object.keys(admin.paths), ['/stats'])
  assert.equal(doc.paths['/admin/stats'], undefined)
  assert.equal(doc.paths['/stats'], undefined)
})

test('query parameters with defaults are required: false and carry their default', () => {
  const params = Object.fromEntries(op('/books', 'get').parameters.map((p: any) => [p.name, p]))
  assert.deepEqual(Object.keys(params).sort(), ['limit', 'offset', 'sort', 'tag'])
  for (const [name, value] of [
    ['limit', 20],
    ['offset', 0],
    ['sort', 'title'],
  ] as const) {
    assert.equal(params[name].in, 'query')
    assert.equal(params[name].required, false, name)
    assert.equal(params[name].schema.default, value, name)
  }
  assert.deepEqual([params.limit.schema.minimum, params.limit.schema.maximum], [1, 100])
  assert.equal(params.tag.schema.type, 'array')
})

test('models are components: Book, BookCreate, Page, Author', () => {
  for (const name of ['Book', 'BookCreate', 'Page', 'Author']) assert.ok(doc.components.schemas[name], name)
  assert.equal(
    op('/books/{book_id}', 'get').responses['200'].content['application/json'].schema.$ref,
    '#/components/schemas/Book',
  )
})

test('operations 3 and 4 require nothing', () => {
  assert.equal(op('/books', 'get').security, undefined)
  assert.equal(op('/books/{book_id}', 'get').security, undefined)
  assert.equal(doc.security, undefined)
})

test('every operation with inputs documents its validation-error response with a schema', () => {
  for (const { path, method, operation } of operations()) {
    const inputs = operation.parameters?.length || operation.requestBody
    if (!inputs) continue
    const error = operation.responses['422']
    assert.ok(error, `${method.toUpperCase()} ${path} documents no 422`)
    assert.equal(error.content['application/json'].schema.$ref, '#/components/schemas/HTTPValidationError')
    assert.equal(operation.responses['400'], undefined)
  }
})

test('4, 6, 7 document 404 and 5, 6 document 409, with the {detail} body', () => {
  const documented = (path: string, method: string, status: string) =>
    op(path, method).responses[status]?.content['application/json'].schema.$ref
  for (const method of ['get', 'patch', 'delete']) {
    assert.equal(documented('/books/{book_id}', method, '404'), '#/components/schemas/HTTPError', method)
  }
  assert.equal(documented('/books', 'post', '409'), '#/components/schemas/HTTPError')
  assert.equal(documented('/books/{book_id}', 'patch', '409'), '#/components/schemas/HTTPError')
  assert.deepEqual(doc.components.schemas.HTTPError.required, ['detail'])
})

test('DELETE documents its 204 with no content', () => {
  const responses = op('/books/{book_id}', 'delete').responses
  assert.ok(responses['204'])
  assert.equal(responses['204'].content, undefined)
  assert.equal(responses['200'], undefined)
})
