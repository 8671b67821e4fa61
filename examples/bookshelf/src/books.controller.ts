import { type Static, Type } from '@sinclair/typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import {
  Body,
  Controller,
  Delete,
  File,
  FileResponse,
  Get,
  NotFound,
  Param,
  Patch,
  Post,
  Put,
  Query,
  Reply,
  Req,
  Security,
  type UploadedFile,
} from 'portico'
import { currentUser } from './auth.js'
import { BooksService } from './books.service.js'
import { Book, BookCreate, BookUpdate, HTTPError, ListQuery, Page } from './models.js'

const params = Type.Object({ book_id: Type.Integer() })
const writer = Security(currentUser, ['books:write'])
const image = Type.Unsafe<FileResponse>({ type: 'string', format: 'binary' })
const cover = { types: ['image/png', 'image/jpeg'], maxSize: 1024 * 1024, required: true }

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

  @Post('', {
    body: BookCreate,
    status: 201,
    response: { 201: Book, 409: HTTPError },
    dependencies: [writer],
    summary: 'Add a book',
  })
  create(@Body() data: Static<typeof BookCreate>, @Reply() reply: FastifyReply) {
    const book = this.books.create(data)
    reply.header('location', reply.request.urlFor('book', { book_id: book.id }))
    return book
  }

  @Patch('/:book_id', {
    params,
    body: BookUpdate,
    response: { 200: Book, 404: HTTPError, 409: HTTPError },
    dependencies: [writer],
    summary: 'Change a book',
  })
  update(@Param('book_id') id: number, @Body() data: Static<typeof BookUpdate>) {
    return this.books.update(id, data)
  }

  @Delete('/:book_id', {
    params,
    status: 204,
    response: { 204: Type.Null({ description: 'Removed' }), 404: HTTPError },
    dependencies: [writer],
    summary: 'Remove a book',
  })
  remove(@Param('book_id') id: number) {
    this.books.delete(id)
  }

  @Put('/:book_id/cover', {
    params,
    files: { file: cover },
    response: { 200: Book, 404: HTTPError },
    dependencies: [writer],
    summary: 'Upload a cover',
  })
  upload(@Param('book_id') id: number, @File('file') file: UploadedFile, @Req() request: FastifyRequest) {
    const name = `${id}-${Date.now()}.${file.mimetype === 'image/png' ? 'png' : 'jpg'}`
    return this.books.setCover(id, name, file, request.urlFor('cover', { name }))
  }
}

@Controller('/covers', { tags: ['books'] })
export class CoversController {
  constructor(private readonly books: BooksService) {}

  @Get('/:name', {
    name: 'cover',
    params: Type.Object({ name: Type.String() }),
    response: { 200: { content: { 'image/png': image, 'image/jpeg': image } }, 404: HTTPError },
    summary: 'Read a cover',
  })
  read(@Param('name') name: string) {
    const cover = this.books.covers.get(name)
    if (!cover) throw new NotFound('Cover not found')
    return new FileResponse(cover.buffer, { type: cover.mimetype })
  }
}
