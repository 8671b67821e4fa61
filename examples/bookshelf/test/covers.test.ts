// Contract row 8 through inject: PUT /books/{book_id}/cover (multipart, field `file`), the cover
// served back at cover_url.
import assert from 'node:assert/strict'
import { before, test } from 'node:test'
import { bookshelf, json, newBook, ROOT, writer } from './support.js'

const app = bookshelf()
const MiB = 1024 * 1024
let id = 0
before(async () => {
  id = json(
    await app.inject({ method: 'POST', url: '/books', payload: newBook(), headers: await writer(app) }),
    201,
  ).id
})

/** A multipart/form-data body with one file field. */
function multipart(field: string, type: string, bytes: Buffer, filename = 'cover') {
  const boundary = '----bookshelf-test-boundary'
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`
  const payload = Buffer.concat([Buffer.from(head), bytes, Buffer.from(`\r\n--${boundary}--\r\n`)])
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }
}

async function upload(bookId: number, type: string, bytes: Buffer, field = 'file') {
  const { payload, headers } = multipart(field, type, bytes)
  return app.inject({
    method: 'PUT',
    url: `/books/${bookId}/cover`,
    payload,
    headers: { ...headers, ...(await writer(app)) },
  })
}

for (const [type, ext] of [
  ['image/png', 'png'],
  ['image/jpeg', 'jpg'],
] as const) {
  test(`a ${type} of exactly 1 MiB: 200 Book with cover_url <root path>/covers/<name>, served back byte for byte`, async () => {
    const bytes = Buffer.alloc(MiB, ext)
    const book = json(await upload(id, type, bytes), 200)
    assert.equal(book.id, id)
    assert.match(book.cover_url, new RegExp(`^${ROOT}/covers/[^/]+\\.${ext}$`))
    assert.equal(json(await app.inject(`/books/${id}`), 200).cover_url, book.cover_url)
    const cover = await app.inject(book.cover_url)
    assert.equal(cover.statusCode, 200)
    assert.equal(cover.headers['content-type'], type)
    assert.ok(cover.rawPayload.equals(bytes), 'the same bytes')
  })
}

test('one byte more than 1 MiB: 413 {detail}', async () => {
  const res = await upload(id, 'image/png', Buffer.alloc(MiB + 1))
  assert.equal(res.statusCode, 413, res.body)
  assert.equal(typeof res.json().detail, 'string')
})

test('not image/png or image/jpeg: 415 {detail}', async () => {
  const res = await upload(id, 'image/gif', Buffer.from('GIF89a'))
  assert.equal(res.statusCode, 415, res.body)
  assert.equal(typeof res.json().detail, 'string')
})

test('no file field: a validation error naming file', async () => {
  const res = await upload(id, 'image/png', Buffer.from('x'), 'picture')
  assert.equal(res.statusCode, 422, res.body)
  assert.match(res.body, /file/)
})

test('unknown book: 404 {"detail": "Book not found"}; unknown cover: 404', async () => {
  assert.deepEqual(json(await upload(999_999, 'image/png', Buffer.from('x')), 404), {
    detail: 'Book not found',
  })
  assert.equal((await app.inject('/covers/nothing.png')).statusCode, 404)
})
