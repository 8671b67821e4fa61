import assert from 'node:assert/strict'
import { test } from 'node:test'
import { type Static, Type } from '@sinclair/typebox'
import { Body, Controller, createApp, createSubApp, Get, Post } from 'portico'

const Book = Type.Object({ id: Type.Integer(), title: Type.String() }, { $id: 'Book' })
type BookT = Static<typeof Book>

@Controller('/books')
class Books {
  @Get('', { response: { 200: Type.Array(Type.Ref(Book)) } })
  list(): BookT[] {
    return [{ id: 1, title: 'Dune' }]
  }

  @Post('', { body: Type.Ref(Book), response: { 201: Type.Ref(Book) }, status: 201 })
  add(@Body() book: BookT) {
    return book
  }
}

test('createApp({ schemas }) makes Type.Ref models work without addSchema, and documents them', async (t) => {
  const app = createApp({ controllers: [Books], schemas: [Book] })
  t.after(() => app.close())
  assert.deepEqual((await app.inject('/books')).json(), [{ id: 1, title: 'Dune' }])
  const bad = await app.inject({ method: 'POST', url: '/books', payload: { id: 'x' } })
  assert.equal(bad.statusCode, 400)
  const created = await app.inject({ method: 'POST', url: '/books', payload: { id: 2, title: 'Emma' } })
  assert.equal(created.statusCode, 201)
  const document = (await app.inject('/openapi.json')).json()
  assert.ok(document.components.schemas.Book, 'Book is a component')
})

test('without schemas, a Type.Ref model fails at startup', async (t) => {
  const app = createApp({ controllers: [Books] })
  t.after(() => app.close())
  await assert.rejects(
    async () => {
      await app.ready()
    },
    { message: /Book/ },
  )
})

test('createSubApp({ schemas }) registers its own models', async (t) => {
  const app = createApp({})
  t.after(() => app.close())
  app.register(createSubApp({ controllers: [Books], schemas: [Book] }), { prefix: '/sub' })
  assert.deepEqual((await app.inject('/sub/books')).json(), [{ id: 1, title: 'Dune' }])
})

const Shelf = Type.Object({ name: Type.String(), books: Type.Array(Book) }, { $id: 'Shelf' })

@Controller('/direct')
class Direct {
  @Get('/book', { response: { 200: Book } })
  book(): BookT {
    return { id: 1, title: 'Dune' }
  }

  @Get('/shelf', { response: { 200: Shelf } })
  shelf(): Static<typeof Shelf> {
    return { name: 'sf', books: [{ id: 1, title: 'Dune' }] }
  }

  @Get('/list', { response: { 200: Type.Array(Book) } })
  list(): BookT[] {
    return []
  }

  @Post('/book', { body: Book, response: { 200: Book } })
  add(@Body() book: BookT) {
    return book
  }
}

test('models used directly (not Type.Ref) are referenced, not inlined, when they are also in `schemas`', async (t) => {
  // @fastify/swagger inlines a model whose $id it also knows as a shared schema, and then lists no
  // component: the document must be the same with and without `schemas`.
  const documents = []
  for (const schemas of [[Book, Shelf], []]) {
    const app = createApp({ controllers: [Direct], schemas })
    t.after(() => app.close())
    assert.deepEqual((await app.inject('/direct/shelf')).json(), {
      name: 'sf',
      books: [{ id: 1, title: 'Dune' }],
    })
    documents.push((await app.inject('/openapi.json')).json())
  }
  for (const document of documents) {
    const json = (path: string, method = 'get') => {
      const operation = document.paths[path][method]
      const content = method === 'get' ? operation.responses['200'].content : operation.requestBody.content
      return content['application/json'].schema
    }
    assert.deepEqual(json('/direct/book'), { $ref: '#/components/schemas/Book' })
    assert.deepEqual(json('/direct/shelf'), { $ref: '#/components/schemas/Shelf' })
    assert.deepEqual(json('/direct/list'), { type: 'array', items: { $ref: '#/components/schemas/Book' } })
    assert.deepEqual(json('/direct/book', 'post'), { $ref: '#/components/schemas/Book' })
    assert.deepEqual(document.components.schemas.Shelf.properties.books.items, {
      $ref: '#/components/schemas/Book',
    })
  }
})
