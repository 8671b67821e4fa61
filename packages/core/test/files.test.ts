import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  CORE_DEFAULTS,
  Controller,
  File,
  Files,
  Form,
  Param,
  Post,
  portico,
  type UploadedFile,
} from '@portico/core'
import { type Static, Type } from '@sinclair/typebox'
import Fastify, { type RouteOptions } from 'fastify'
import { appWith, startupError } from './helpers.js'
import { multipart } from './multipart-body.js'

const png = (size: number) => ({
  name: 'cover',
  filename: 'cover.png',
  type: 'image/png',
  value: Buffer.alloc(size, 7),
})
const Caption = Type.Object({ caption: Type.String(), year: Type.Integer() })

@Controller('/books/:id')
class Covers {
  @Post('/cover', {
    params: Type.Object({ id: Type.Integer() }),
    files: { cover: { types: ['image/png', 'image/jpeg'], maxSize: 1000 } },
  })
  cover(@Param('id') id: number, @File('cover') cover: UploadedFile) {
    return {
      id,
      filename: cover.filename,
      mimetype: cover.mimetype,
      size: cover.size,
      first: cover.buffer[0],
    }
  }

  @Post('/photos', {
    params: Type.Object({ id: Type.Integer() }),
    form: Caption,
    files: { photos: { types: ['image/*'], maxCount: 2 }, extra: { required: false } },
  })
  photos(
    @Files('photos') photos: UploadedFile[],
    @File('extra') extra: UploadedFile | undefined,
    @Form() form: Static<typeof Caption>,
  ) {
    return {
      names: photos.map((p) => p.filename),
      extra: extra?.filename ?? null,
      form,
      keys: Object.keys(form),
    }
  }

  @Post('/any', { params: Type.Object({ id: Type.Integer() }), files: { blob: {} } })
  any(@File('blob') blob: UploadedFile) {
    return { size: blob.size }
  }
}

test('@File(name): the file of its field, bounded by maxSize (exactly maxSize is accepted)', async (t) => {
  const app = await appWith(t, { controllers: [Covers] })
  const res = await app.inject({ method: 'POST', url: '/books/3/cover', ...multipart([png(1000)]) })
  assert.equal(res.statusCode, 200, res.body)
  assert.deepEqual(res.json(), { id: 3, filename: 'cover.png', mimetype: 'image/png', size: 1000, first: 7 })
  // A file part of a field the route does not declare is drained and dropped (bounded like a
  // declared one: by the largest maxSize).
  const junk = {
    name: 'junk',
    filename: 'junk.bin',
    type: 'application/octet-stream',
    value: Buffer.alloc(900),
  }
  const dropped = await app.inject({ method: 'POST', url: '/books/3/cover', ...multipart([junk, png(10)]) })
  assert.equal(dropped.statusCode, 200, dropped.body)
  assert.equal(dropped.json().size, 10)
  const bigJunk = { ...junk, value: Buffer.alloc(5000) }
  const tooBig = await app.inject({ method: 'POST', url: '/books/3/cover', ...multipart([bigJunk, png(10)]) })
  assert.equal(tooBig.statusCode, 413)
  const over = await app.inject({ method: 'POST', url: '/books/3/cover', ...multipart([png(1001)]) })
  assert.equal(over.statusCode, 413)
  assert.equal(over.json().code, 'PORTICO_ERR_CORE_FILE_TOO_LARGE')
  assert.equal(over.json().message, 'File field `cover` accepts files of at most 1000 bytes')
})

test('a file type not listed in `types` is 415; a wildcard subtype matches', async (t) => {
  const app = await appWith(t, { controllers: [Covers] })
  const text = { ...png(10), type: 'text/plain' }
  const res = await app.inject({ method: 'POST', url: '/books/3/cover', ...multipart([text]) })
  assert.equal(res.statusCode, 415)
  assert.equal(res.json().code, 'PORTICO_ERR_CORE_FILE_TYPE_UNSUPPORTED')
  assert.match(res.json().message, /text\/plain in field `cover` \(accepted: image\/png, image\/jpeg\)/)
  const gif = { name: 'photos', filename: 'a.gif', type: 'image/gif', value: 'GIF89a' }
  const ok = await app.inject({
    method: 'POST',
    url: '/books/3/photos',
    ...multipart([gif, { name: 'caption', value: 'c' }, { name: 'year', value: '2001' }]),
  })
  assert.equal(ok.statusCode, 200, ok.body)
})

test('a missing required file is the validation error naming the field', async (t) => {
  const app = await appWith(t, { controllers: [Covers] })
  const res = await app.inject({
    method: 'POST',
    url: '/books/3/cover',
    ...multipart([{ name: 'other', value: 'x' }]),
  })
  assert.equal(res.statusCode, 400)
  assert.equal(res.json().code, 'FST_ERR_VALIDATION')
  assert.equal(res.json().message, "body must have required property 'cover'")
  // A browser's empty file input (no file name, no bytes) is no file; nor is a text part of that name.
  const empty = { name: 'cover', filename: '', type: 'application/octet-stream', value: '' }
  const none = await app.inject({ method: 'POST', url: '/books/3/cover', ...multipart([empty]) })
  assert.equal(none.json().message, "body must have required property 'cover'")
  const textual = await app.inject({
    method: 'POST',
    url: '/books/3/cover',
    ...multipart([{ name: 'cover', value: 'x' }]),
  })
  assert.equal(textual.json().message, "body must have required property 'cover'")
})

test('@Files(name) with form fields: fields coerced, files apart, maxCount bounds the array', async (t) => {
  const app = await appWith(t, { controllers: [Covers] })
  const photo = (n: number) => ({
    name: 'photos',
    filename: `p${n}.jpg`,
    type: 'image/jpeg',
    value: `jpeg${n}`,
  })
  const fields = [
    { name: 'caption', value: 'Holiday' },
    { name: 'year', value: '2001' },
  ]
  const res = await app.inject({
    method: 'POST',
    url: '/books/1/photos',
    ...multipart([...fields, photo(1), photo(2)]),
  })
  assert.equal(res.statusCode, 200, res.body)
  assert.deepEqual(res.json(), {
    names: ['p1.jpg', 'p2.jpg'],
    extra: null,
    form: { caption: 'Holiday', year: 2001 },
    // The file fields are not among the form's own keys.
    keys: ['caption', 'year'],
  })
  const three = await app.inject({
    method: 'POST',
    url: '/books/1/photos',
    ...multipart([...fields, photo(1), photo(2), photo(3)]),
  })
  assert.equal(three.statusCode, 413)
  assert.equal(three.json().code, 'PORTICO_ERR_CORE_FILE_TOO_MANY')
  const extra = { name: 'extra', filename: 'notes.txt', type: 'text/plain', value: 'hello' }
  const withExtra = await app.inject({
    method: 'POST',
    url: '/books/1/photos',
    ...multipart([...fields, photo(1), extra]),
  })
  assert.equal(withExtra.json().extra, 'notes.txt')
  const badYear = await app.inject({
    method: 'POST',
    url: '/books/1/photos',
    ...multipart([{ name: 'caption', value: 'c' }, { name: 'year', value: 'soon' }, photo(1)]),
  })
  assert.equal(badYear.statusCode, 400)
  assert.equal(badYear.json().message, 'body/year must be integer')
})

test('the default maxSize is 1 MiB (CORE_DEFAULTS.file.maxSize)', async (t) => {
  assert.equal(CORE_DEFAULTS.file.maxSize, 1024 * 1024)
  const app = await appWith(t, { controllers: [Covers] })
  const blob = (size: number) => ({
    name: 'blob',
    filename: 'b.bin',
    type: 'application/octet-stream',
    value: Buffer.alloc(size),
  })
  const ok = await app.inject({ method: 'POST', url: '/books/1/any', ...multipart([blob(1024 * 1024)]) })
  assert.deepEqual(ok.json(), { size: 1024 * 1024 })
  const over = await app.inject({
    method: 'POST',
    url: '/books/1/any',
    ...multipart([blob(1024 * 1024 + 1)]),
  })
  assert.equal(over.statusCode, 413)
})

test('a JSON or urlencoded body sent to a files route is 415', async (t) => {
  const app = await appWith(t, { controllers: [Covers] })
  const json = await app.inject({ method: 'POST', url: '/books/1/cover', payload: { cover: 'x' } })
  assert.equal(json.statusCode, 415)
  assert.equal(json.json().code, 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
  const form = await app.inject({
    method: 'POST',
    url: '/books/1/cover',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: 'cover=x',
  })
  assert.equal(form.statusCode, 415)
})

test('the route schema documents a multipart body: fields, and files as binary strings', async (t) => {
  const routes: RouteOptions[] = []
  const app = Fastify()
  t.after(() => app.close())
  app.addHook('onRoute', (route) => void routes.push(route))
  await app.register(portico, { controllers: [Covers] })
  await app.ready()
  const cover = routes.find((r) => r.url === '/books/:id/cover')!.schema as Record<string, any>
  assert.deepEqual(cover.consumes, ['multipart/form-data'])
  assert.deepEqual(cover.body, {
    type: 'object',
    properties: { cover: { type: 'string', format: 'binary' } },
    required: ['cover'],
  })
  const photos = routes.find((r) => r.url === '/books/:id/photos')!.schema as Record<string, any>
  assert.deepEqual(photos.body.required, ['caption', 'year', 'photos'])
  assert.deepEqual(photos.body.properties.photos, {
    type: 'array',
    items: { type: 'string', format: 'binary' },
    maxItems: 2,
  })
  assert.deepEqual(photos.body.properties.extra, { type: 'string', format: 'binary' })
  assert.deepEqual(photos.body.properties.year, Caption.properties.year)
  // The accepted types of each restricted file field, as OpenAPI multipart encodings.
  assert.deepEqual(cover.openapi, {
    requestBody: {
      content: { 'multipart/form-data': { encoding: { cover: { contentType: 'image/png, image/jpeg' } } } },
    },
  })
  assert.deepEqual(photos.openapi.requestBody.content['multipart/form-data'].encoding, {
    photos: { contentType: 'image/*' },
  })
})

test('one media type without wildcard is documented as contentMediaType (OpenAPI 3.1)', async (t) => {
  @Controller()
  class Pdf {
    @Post('/', {
      files: { doc: { types: ['application/pdf'] } },
      openapi: {
        'x-upload': true,
        requestBody: {
          content: { 'multipart/form-data': { encoding: { doc: { contentType: 'application/x-pdf' } } } },
        },
      },
    })
    upload(@File('doc') _doc: UploadedFile) {}
  }
  const routes: RouteOptions[] = []
  const app = Fastify()
  t.after(() => app.close())
  app.addHook('onRoute', (route) => void routes.push(route))
  await app.register(portico, { controllers: [Pdf] })
  await app.ready()
  assert.deepEqual((routes[0]!.schema as Record<string, any>).body.properties.doc, {
    type: 'string',
    format: 'binary',
    contentMediaType: 'application/pdf',
  })
  // The route's own `openapi` fields are kept, over the generated encoding.
  assert.deepEqual((routes[0]!.schema as Record<string, any>).openapi, {
    'x-upload': true,
    requestBody: {
      content: { 'multipart/form-data': { encoding: { doc: { contentType: 'application/x-pdf' } } } },
    },
  })
})

test('multipart is registered in the files routes context only', async (t) => {
  const app = await appWith(t, { controllers: [Covers] })
  assert.equal(app.hasContentTypeParser('multipart/form-data'), false)
  assert.equal(app.hasRequestDecorator('isMultipart'), false)
})

test('startup: @File of an undeclared field, @File with maxCount > 1, @File and @Files on one field', async () => {
  @Controller()
  class Undeclared {
    @Post('/', { files: { cover: {} } })
    upload(@File('covr') _f: UploadedFile) {}
  }
  const a = await startupError({ controllers: [Undeclared] })
  assert.equal(a.code, 'PORTICO_ERR_CORE_PARAM_SCHEMA_MISSING')
  assert.match(a.message, /@File\('covr'\) but the route's `files` option declares no `covr` field/)
  @Controller()
  class Many {
    @Post('/', { files: { cover: { maxCount: 3 } } })
    upload(@File('cover') _f: UploadedFile) {}
  }
  const b = await startupError({ controllers: [Many] })
  assert.equal(b.code, 'PORTICO_ERR_CORE_ROUTE_INVALID')
  assert.match(
    b.message,
    /@File\('cover'\) receives one file but `files.cover.maxCount` is 3: use @Files\('cover'\)/,
  )
  @Controller()
  class Twice {
    @Post('/', { files: { cover: {} } })
    upload(@File('cover') _f: UploadedFile, @Files('cover') _g: UploadedFile[]) {}
  }
  const c = await startupError({ controllers: [Twice] })
  assert.match(c.message, /read by both @File and @Files/)
})

test('startup: an unknown or invalid file limit names the field and the known keys', async () => {
  @Controller()
  class Typo {
    @Post('/', { files: { cover: { maxsize: 10 } as never } })
    upload() {}
  }
  const a = await startupError({ controllers: [Typo] })
  assert.equal(a.code, 'PORTICO_ERR_CORE_ROUTE_OPTION_UNKNOWN')
  assert.equal(
    a.message,
    'Unknown route option `files.cover.maxsize` on Typo.upload (known: types, maxSize, maxCount, required)',
  )
  for (const [spec, expected] of [
    [{ maxSize: 0 }, '`files.cover.maxSize` must be a positive integer (bytes)'],
    [{ types: ['png'] }, '`files.cover.types` must be a non-empty array of media types'],
    [{ required: 'yes' }, '`files.cover.required` must be a boolean'],
  ] as const) {
    @Controller()
    class Bad {
      @Post('/', { files: { cover: spec as never } })
      upload() {}
    }
    const error = await startupError({ controllers: [Bad] })
    assert.equal(error.code, 'PORTICO_ERR_CORE_ROUTE_INVALID')
    assert.ok(error.message.includes(expected), error.message)
  }
  @Controller()
  class Clash {
    @Post('/', { form: Caption, files: { caption: {} } })
    upload() {}
  }
  assert.match(
    (await startupError({ controllers: [Clash] })).message,
    /`caption` is both a `form` field and a `files` field/,
  )
  @Controller()
  class Urlencoded {
    @Post('/', { files: { cover: {} }, consumes: ['application/x-www-form-urlencoded'] })
    upload() {}
  }
  assert.match(
    (await startupError({ controllers: [Urlencoded] })).message,
    /a route with `files` takes multipart\/form-data bodies/,
  )
})
