import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Type } from '@sinclair/typebox'
import { Controller, createApp, File, Form, Post, Put, type UploadedFile } from 'portico'

// Routes that take files document the 413 and 415 they answer; form routes without files and JSON
// routes do not; a route's own 413 wins; the app's own HTTPError model is referenced when it has
// the shape of the app's error bodies.

const HTTPError = Type.Object({ detail: Type.String() }, { $id: 'HTTPError', description: 'An error' })

@Controller('/covers')
class Covers {
  @Put('/:id', {
    params: Type.Object({ id: Type.Integer() }),
    files: { file: { types: ['image/png'], maxSize: 1024 } },
    response: { 200: Type.Object({ size: Type.Integer() }), 404: HTTPError },
  })
  upload(@File('file') file: UploadedFile) {
    return { size: file.size }
  }

  @Post('/own', {
    files: { file: {} },
    response: { 200: Type.Object({}), 413: Type.Object({ tooBig: Type.Boolean() }) },
  })
  own(@File('file') _file: UploadedFile) {
    return {}
  }

  @Post('/form', { form: Type.Object({ name: Type.String() }) })
  form(@Form('name') name: string) {
    return { name }
  }
}

test('file uploads document 413 and 415 with the error body; other routes do not', async (t) => {
  const app = createApp({ controllers: [Covers], errorFormat: 'fastapi' })
  t.after(() => app.close())
  const document = (await app.inject('/openapi.json')).json()
  const upload = document.paths['/covers/{id}'].put.responses
  for (const status of ['413', '415']) {
    assert.deepEqual(upload[status].content['application/json'].schema, {
      $ref: '#/components/schemas/HTTPError',
    })
  }
  assert.equal(upload['413'].description, 'Content Too Large')
  assert.equal(upload['415'].description, 'Unsupported Media Type')
  // The app's HTTPError ({ detail }, with its own description) is the component: not a second copy.
  assert.equal(document.components.schemas.HTTPError.description, 'An error')
  const own = document.paths['/covers/own'].post.responses
  assert.deepEqual(Object.keys(own['413'].content['application/json'].schema.properties), ['tooBig'])
  assert.ok(own['415'])
  const form = document.paths['/covers/form'].post.responses
  assert.equal(form['413'], undefined)
  assert.equal(form['415'], undefined)
  // What is documented is what is answered.
  const big = await app.inject({
    method: 'PUT',
    url: '/covers/1',
    headers: { 'content-type': 'multipart/form-data; boundary=b' },
    payload: `--b\r\ncontent-disposition: form-data; name="file"; filename="a.png"\r\ncontent-type: image/png\r\n\r\n${'x'.repeat(1025)}\r\n--b--\r\n`,
  })
  assert.equal(big.statusCode, 413)
  assert.equal(typeof big.json().detail, 'string')
  const gif = await app.inject({
    method: 'PUT',
    url: '/covers/1',
    headers: { 'content-type': 'multipart/form-data; boundary=b' },
    payload: `--b\r\ncontent-disposition: form-data; name="file"; filename="a.gif"\r\ncontent-type: image/gif\r\n\r\nGIF\r\n--b--\r\n`,
  })
  assert.equal(gif.statusCode, 415)
})
