import { type Static, Type } from '@sinclair/typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { Body, Controller, Delete, Get, Param, Patch, Post, Query, Reply, Req } from 'portico'
import { BooksService } from './books.service.js'
import { Book, BookCreate, BookUpdate, HTTPError, Page, Sort } from './models.js'

const ListQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  offset: Type.Integer({ minimum: 0, default: 0 }),
  tag: Type.Optional(Type.Array(Type.String(), { description: 'Books having all these tags' })),
  sort: Sort,
})
const params = Type.Object({ book_id: Type.Integer() })

@Controller('/books', { tags: ['books'] })
export class BooksController {
  constructor(private readonly books: BooksService) {}

  @Get('', { name: 'books', querystring: ListQuery, response: { 200: Page }, summary: 'List books' })
  list(@Query() query: Static<typeof ListQuery>, @Req() request: FastifyRequest) {
    const { items, total } = this.books.list(query)
    const offset = query.offset + query.limit
    const next = offset < total ? request.urlFor('books', {}, { ...query, offset }) : null
    return { items, total, next }
  }

  @Get('/:book_id', { name: 'book', params, response: { 200: Book, 404: HTTPError }, summary: 'Read a book' })
  read(@Param('book_id') id: number) {
    return this.books.get(id)
  }

  @Post('', { body: BookCreate, status: 201, response: { 201: Book, 409: HTTPError }, summary: 'Add a book' })
  create(@Body() data: Static<typeof BookCreate>, @Reply() reply: FastifyReply) {
    const book = this.books.create(data)
    reply.header('location', reply.request.urlFor('book', { book_id: book.id }))
    return book
  }

  @Patch('/:book_id', {
    params,
    body: BookUpdate,
    response: { 200: Book, 404: HTTPError, 409: HTTPError },
    summary: 'Change a book',
  })
  update(@Param('book_id') id: number, @Body() data: Static<typeof BookUpdate>) {
    return this.books.update(id, data)
  }

  @Delete('/:book_id', {
    params,
    status: 204,
    response: { 204: Type.Null({ description: 'Removed' }), 404: HTTPError },
    summary: 'Remove a book',
  })
  remove(@Param('book_id') id: number) {
    this.books.delete(id)
  }
}
