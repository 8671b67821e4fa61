import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { test } from 'node:test'
import { type Static, Type } from '@sinclair/typebox'
import {
  Controller,
  Cookie,
  Cookies,
  createApp,
  File,
  Files,
  Form,
  Get,
  Param,
  Post,
  type Resolved,
  type UploadedFile,
} from 'portico'

// Cookies, form fields and files through createApp: the OpenAPI document @portico/openapi builds
// from what @portico/core puts on the routes, and the error bodies of both error formats.

const NewBook = Type.Object({
  title: Type.String(),
  year: Type.Integer(),
  shelf: Type.String({ default: 'main' }),
})
const Session = Type.Object({ session: Type.String(), visits: Type.Integer({ default: 0 }) })
const Theme = Type.Union([Type.Literal('dark'), Type.Literal('light')], { default: 'light' })

@Controller('/books')
class Books {
  @Post('/', { form: NewBook, status: 201 })
  create(@Form() book: Static<typeof NewBook>) {
    return book
  }

  @Post('/:id/cover', {
    params: Type.Object({ id: Type.Integer() }),
    form: Type.Object({ caption: Type.String({ default: '' }) }),
    files: { cover: { types: ['image/png'] }, extra: { required: false, maxCount: 3 } },
  })
  cover(@Param('id') id: number, @File('cover') cover: UploadedFile, @Files('extra') extra: UploadedFile[]) {
    return { id, size: cover.size, extra: extra.length }
  }

  @Get('/mine', { cookies: Session })
  mine(@Cookie('session') session: string, @Cookies() cookies: Static<typeof Session>) {
    return { session, visits: cookies.visits }
  }

  @Get('/theme')
  theme(@Cookie('theme', Theme) theme: Resolved<typeof Theme>) {
    return { theme }
  }
}

function multipart(parts: { name: string; value: string | Buffer; filename?: string; type?: string }[]) {
  const boundary = `----portico${randomBytes(8).toString('hex')}`
  const chunks: Buffer[] = []
  for (const p of parts) {
    const file = p.filename === undefined ? '' : `; filename="${p.filename}"`
    const type = p.type === undefined ? '' : `Content-Type: ${p.type}\r\n`
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${file}\r\n${type}\r\n`),
    )
    chunks.push(Buffer.from(p.value), Buffer.from('\r\n'))
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`))
  return {
    payload: Buffer.concat(chunks),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  }
}

test('the document: form bodies urlencoded, files multipart with binary fields, cookies in: cookie', async (t) => {
  const app = createApp({ controllers: [Books] })
  t.after(() => app.close())
  const document = (await app.inject('/openapi.json')).json()
  const create = document.paths['/books/'].post
  assert.deepEqual(Object.keys(create.requestBody.content), ['application/x-www-form-urlencoded'])
  const form = create.requestBody.content['application/x-www-form-urlencoded'].schema
  // A defaulted field is optional in the document.
  assert.deepEqual(form.required, ['title', 'year'])
  assert.ok(create.responses['400'], 'the validation error is documented')

  const cover = document.paths['/books/{id}/cover'].post
  assert.deepEqual(Object.keys(cover.requestBody.content), ['multipart/form-data'])
  const body = cover.requestBody.content['multipart/form-data'].schema
  assert.deepEqual(body.required, ['cover'])
  assert.deepEqual(body.properties.cover, { type: 'string', format: 'binary', contentMediaType: 'image/png' })
  assert.deepEqual(body.properties.extra, {
    type: 'array',
    items: { type: 'string', format: 'binary' },
    maxItems: 3,
  })
  assert.equal(body.properties.caption.type, 'string')
  assert.deepEqual(cover.requestBody.content['multipart/form-data'].encoding, {
    cover: { contentType: 'image/png' },
  })

  const mine = document.paths['/books/mine'].get
  assert.deepEqual(
    mine.parameters.map((p: { in: string; name: string; required: boolean }) => [p.in, p.name, p.required]),
    [
      ['cookie', 'session', true],
      ['cookie', 'visits', false],
    ],
  )
  assert.ok(mine.responses['400'], 'a route validating cookies documents the validation error')
  const theme = document.paths['/books/theme'].get
  assert.deepEqual(theme.parameters[0].in, 'cookie')
  assert.equal(theme.parameters[0].required, false)
})

test("errorFormat 'fastapi': 422 entries locate cookies, form fields and missing files", async (t) => {
  const app = createApp({ controllers: [Books], errorFormat: 'fastapi' })
  t.after(() => app.close())
  const cookie = await app.inject('/books/mine')
  assert.equal(cookie.statusCode, 422)
  assert.deepEqual(cookie.json().detail[0].loc, ['cookie', 'session'])
  const field = await app.inject({
    method: 'POST',
    url: '/books/',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: 'year=soon',
  })
  assert.equal(field.statusCode, 422)
  assert.deepEqual(
    field.json().detail.map((d: { loc: string[] }) => d.loc),
    [
      ['body', 'title'],
      ['body', 'year'],
    ],
  )
  const file = await app.inject({
    method: 'POST',
    url: '/books/1/cover',
    ...multipart([{ name: 'caption', value: 'c' }]),
  })
  assert.equal(file.statusCode, 422)
  assert.deepEqual(file.json().detail[0].loc, ['body', 'cover'])
  const ok = await app.inject({
    method: 'POST',
    url: '/books/1/cover',
    ...multipart([{ name: 'cover', filename: 'c.png', type: 'image/png', value: Buffer.alloc(5) }]),
  })
  assert.deepEqual(ok.json(), { id: 1, size: 5, extra: 0 })
  const tooBig = await app.inject({
    method: 'POST',
    url: '/books/1/cover',
    ...multipart([
      { name: 'cover', filename: 'c.png', type: 'image/png', value: Buffer.alloc(1024 * 1024 + 1) },
    ]),
  })
  assert.equal(tooBig.statusCode, 413)
  assert.match(tooBig.json().detail, /File field `cover` accepts files of at most 1048576 bytes/)
})
