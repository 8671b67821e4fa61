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

test('the admin sub-application serves its own docs page, loading /api/v1/admin/openapi.json', async () => {
  const page = await app.inject('/admin/docs')
  assert.equal(page.statusCode, 200)
  assert.match(page.body, /\/admin\/openapi\.json/)
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

const password = (d: any) => d.components.securitySchemes.OAuth2PasswordBearer

test('securitySchemes: one OAuth2 password-flow scheme, tokenUrl "token" (relative), scopes books:write and admin', () => {
  assert.deepEqual(Object.keys(doc.components.securitySchemes), ['OAuth2PasswordBearer'])
  assert.equal(password(doc).type, 'oauth2')
  assert.deepEqual(Object.keys(password(doc).flows), ['password'])
  assert.equal(password(doc).flows.password.tokenUrl, 'token')
  assert.deepEqual(Object.keys(password(doc).flows.password.scopes), ['books:write', 'admin'])
})

test("the docs pages' Authorize posts to <root path>/token, from /docs and from /admin/docs", () => {
  // Swagger UI leaves a tokenUrl relative to a relative server as it is, so the browser resolves
  // it against the page (url-parse resolves against the server only when that has a host).
  assert.equal(
    new URL(password(doc).flows.password.tokenUrl, `http://h${ROOT}/docs`).pathname,
    `${ROOT}/token`,
  )
  assert.equal(
    new URL(password(admin).flows.password.tokenUrl, `http://h${ROOT}/admin/docs`).pathname,
    `${ROOT}/token`,
  )
  assert.deepEqual(password(admin).flows.password.scopes, password(doc).flows.password.scopes)
})

test('operations 2, 5, 6, 7, 8 (and the admin stats) require the scheme with their scopes; 1, 3, 4 nothing', () => {
  const required = { OAuth2PasswordBearer: ['books:write'] }
  assert.deepEqual(op('/me', 'get').security, [{ OAuth2PasswordBearer: [] }])
  assert.deepEqual(op('/books', 'post').security, [required])
  assert.deepEqual(op('/books/{book_id}', 'patch').security, [required])
  assert.deepEqual(op('/books/{book_id}', 'delete').security, [required])
  assert.deepEqual(op('/books/{book_id}/cover', 'put').security, [required])
  assert.deepEqual(op('/stats', 'get', admin).security, [{ OAuth2PasswordBearer: ['admin'] }])
  for (const [path, method] of [
    ['/token', 'post'],
    ['/books', 'get'],
    ['/books/{book_id}', 'get'],
  ]) {
    assert.equal(op(path!, method!).security, undefined, `${method} ${path}`)
  }
  assert.equal(doc.security, undefined)
})

test('5-8 document 401 and 403, 8 documents 413 and 415, with the {detail} body', () => {
  const writes = [
    ['/books', 'post'],
    ['/books/{book_id}', 'patch'],
    ['/books/{book_id}', 'delete'],
    ['/books/{book_id}/cover', 'put'],
  ]
  for (const [path, method] of writes) {
    for (const status of ['401', '403']) {
      const response = op(path!, method!).responses[status]
      assert.ok(response?.content['application/json'].schema, `${method} ${path} ${status}`)
    }
  }
  assert.ok(op('/me', 'get').responses['401'])
  for (const status of ['413', '415']) {
    assert.equal(
      op('/books/{book_id}/cover', 'put').responses[status].content['application/json'].schema.$ref,
      '#/components/schemas/HTTPError',
    )
  }
})

test('POST /token has an application/x-www-form-urlencoded body with username and password', () => {
  const content = op('/token', 'post').requestBody.content
  assert.deepEqual(Object.keys(content), ['application/x-www-form-urlencoded'])
  const schema = content['application/x-www-form-urlencoded'].schema
  assert.deepEqual(schema.required, ['username', 'password'])
  assert.ok(schema.properties.scope, 'scope is documented')
})

test('operation 8 has a multipart/form-data body whose file is binary', () => {
  const content = op('/books/{book_id}/cover', 'put').requestBody.content
  assert.deepEqual(Object.keys(content), ['multipart/form-data'])
  assert.deepEqual(content['multipart/form-data'].schema.properties.file, {
    type: 'string',
    format: 'binary',
  })
  assert.deepEqual(content['multipart/form-data'].schema.required, ['file'])
})

test('GET /covers/{name} documents image/png and image/jpeg as binary', () => {
  const content = op('/covers/{name}', 'get').responses['200'].content
  assert.deepEqual(Object.keys(content).sort(), ['image/jpeg', 'image/png'])
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
