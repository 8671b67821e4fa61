// Contract rows 3 to 7 and 11 (shared/contracts/bookshelf.md), through inject.
import assert from 'node:assert/strict'
import { before, describe, test } from 'node:test'
import { bookshelf, invalid, json, newBook, ROOT, writer } from './support.js'

const app = bookshelf()
const post = async (payload: object) =>
  app.inject({ method: 'POST', url: '/books', payload, headers: await writer(app) })
/** A write request as alice (books:write). */
const write = async (method: 'PATCH' | 'DELETE', url: string, payload?: object) =>
  app.inject({ method, url, ...(payload ? { payload } : {}), headers: await writer(app) })

describe('GET /books (row 3)', () => {
  const shelf = bookshelf()
  const seed = [
    { title: 'Dune', year: 1965, tags: ['novel', 'sf'] },
    { title: 'Alice in Wonderland', year: 1865, tags: ['novel', 'classic'] },
    { title: 'Beloved', year: 1987, tags: ['novel'] },
    { title: 'Catch-22', year: 1961, tags: ['novel', 'classic'] },
  ]
  before(async () => {
    for (const book of seed)
      json(
        await shelf.inject({
          method: 'POST',
          url: '/books',
          payload: newBook(book),
          headers: await writer(shelf),
        }),
        201,
      )
  })
  const list = async (query: string) => json(await shelf.inject(`/books${query}`), 200)
  const titles = (page: any) => page.items.map((book: any) => book.title)

  test('defaults: limit 20, offset 0, sorted by title, no next page', async () => {
    const page = await list('')
    assert.deepEqual(titles(page), ['Alice in Wonderland', 'Beloved', 'Catch-22', 'Dune'])
    assert.equal(page.total, 4)
    assert.equal(page.next, null)
  })

  test('sort: title, -title, year, -year', async () => {
    assert.deepEqual(titles(await list('?sort=-title')), [
      'Dune',
      'Catch-22',
      'Beloved',
      'Alice in Wonderland',
    ])
    assert.deepEqual(titles(await list('?sort=year')), ['Alice in Wonderland', 'Catch-22', 'Dune', 'Beloved'])
    assert.deepEqual(titles(await list('?sort=-year')), [
      'Beloved',
      'Dune',
      'Catch-22',
      'Alice in Wonderland',
    ])
  })

  test('tag is repeatable: books having all tags', async () => {
    assert.deepEqual(titles(await list('?tag=classic')), ['Alice in Wonderland', 'Catch-22'])
    assert.deepEqual(titles(await list('?tag=novel&tag=sf')), ['Dune'])
    assert.deepEqual((await list('?tag=classic&tag=sf')).items, [])
  })

  test('limit and offset page the list; next is the path of the next page, root path and query included', async () => {
    const first = await list('?limit=3&tag=novel&sort=-year')
    assert.deepEqual(titles(first), ['Beloved', 'Dune', 'Catch-22'])
    assert.equal(first.total, 4)
    assert.ok(first.next.startsWith(`${ROOT}/books?`), first.next)
    const next = new URL(first.next, 'http://x').searchParams
    assert.deepEqual(Object.fromEntries(next), { limit: '3', offset: '3', tag: 'novel', sort: '-year' })
    const second = await list(first.next.slice(ROOT.length + '/books'.length))
    assert.deepEqual(titles(second), ['Alice in Wonderland'])
    assert.equal(second.next, null)
    assert.equal((await list('?offset=10')).items.length, 0)
  })

  for (const bad of ['0', '101', 'abc', '2.5']) {
    test(`limit=${bad} is a validation error naming limit`, async () => {
      invalid(await shelf.inject(`/books?limit=${bad}`), ['query', 'limit'])
    })
  }

  test('offset < 0 and an unknown sort are validation errors naming them', async () => {
    invalid(await shelf.inject('/books?offset=-1'), ['query', 'offset'])
    invalid(await shelf.inject('/books?sort=author'), ['query', 'sort'])
  })
})

describe('GET /books/{book_id} (row 4)', () => {
  test('200 Book', async () => {
    const created = json(await post(newBook()), 201)
    const book = json(await app.inject(`/books/${created.id}`), 200)
    assert.deepEqual(book, { ...newBookLike(created), id: created.id, cover_url: null, tags: [] })
  })

  test('unknown id: 404 {"detail": "Book not found"}', async () => {
    assert.deepEqual(json(await app.inject('/books/999999'), 404), { detail: 'Book not found' })
  })

  test('a non-integer id is a validation error', async () => {
    invalid(await app.inject('/books/abc'), ['path', 'book_id'])
  })
})

describe('POST /books (row 5)', () => {
  test('201 Book with Location: <root path>/books/<id>, tags default []', async () => {
    const res = await post(newBook())
    const book = json(res, 201)
    assert.equal(typeof book.id, 'number')
    assert.deepEqual(book.tags, [])
    assert.equal(book.cover_url, null)
    assert.equal(res.headers.location, `${ROOT}/books/${book.id}`)
  })

  test('duplicate isbn: 409', async () => {
    const body = newBook()
    json(await post(body), 201)
    const res = await post({ ...body, title: 'Another' })
    assert.deepEqual(json(res, 409), { detail: `A book with isbn ${body.isbn} exists` })
  })

  for (const [field, value] of [
    ['isbn', '978'],
    ['title', ''],
    ['authors', []],
    ['year', 1449],
    ['year', 2101],
  ] as const) {
    test(`${field}: ${JSON.stringify(value)} is a validation error naming ${field}`, async () => {
      invalid(await post(newBook({ [field]: value })), ['body', field])
    })
  }
})

describe('PATCH /books/{book_id} (row 6)', () => {
  test('200 Book with the given fields changed, the others kept', async () => {
    const created = json(await post(newBook({ tags: ['a'] })), 201)
    const res = await write('PATCH', `/books/${created.id}`, {
      title: 'Through the Looking-Glass',
      year: 1871,
    })
    assert.deepEqual(json(res, 200), { ...created, title: 'Through the Looking-Glass', year: 1871 })
    assert.deepEqual(json(await app.inject(`/books/${created.id}`), 200).title, 'Through the Looking-Glass')
  })

  test('unknown id: 404', async () => {
    const res = await write('PATCH', '/books/999999', { title: 'x' })
    assert.deepEqual(json(res, 404), { detail: 'Book not found' })
  })

  test('an invalid field is a validation error naming it', async () => {
    const created = json(await post(newBook()), 201)
    invalid(await write('PATCH', `/books/${created.id}`, { year: 'soon' }), ['body', 'year'])
  })
})

describe('DELETE /books/{book_id} (row 7)', () => {
  test('204 with an empty body; the book is gone', async () => {
    const created = json(await post(newBook()), 201)
    const res = await write('DELETE', `/books/${created.id}`)
    assert.equal(res.statusCode, 204)
    assert.equal(res.body, '')
    assert.equal((await app.inject(`/books/${created.id}`)).statusCode, 404)
  })

  test('unknown id: 404', async () => {
    assert.deepEqual(json(await write('DELETE', '/books/999999'), 404), {
      detail: 'Book not found',
    })
  })
})

test('every validation error of a body is listed, each naming its field', async () => {
  const res = await post({ isbn: '1', title: '', authors: [], year: 3000 })
  for (const field of ['isbn', 'title', 'authors', 'year']) invalid(res, ['body', field])
})

test('GET /healthz (row 11): 200 {"status": "ok"}, not in the document', async () => {
  assert.deepEqual(json(await app.inject('/healthz'), 200), { status: 'ok' })
  const doc = json(await app.inject('/openapi.json'), 200)
  assert.equal(doc.paths['/healthz'], undefined)
})

function newBookLike(book: any) {
  const { id: _id, cover_url: _cover, ...rest } = book
  return rest
}
