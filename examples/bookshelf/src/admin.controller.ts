import { Type } from '@sinclair/typebox'
import { Controller, Get, Security } from 'portico'
import { adminUser } from './auth.js'
import { BooksService } from './books.service.js'

@Controller('', { tags: ['admin'], dependencies: [Security(adminUser, ['admin'])] })
export class AdminController {
  constructor(private readonly books: BooksService) {}

  @Get('/stats', { response: { 200: Type.Object({ books: Type.Integer() }) }, summary: 'Count the books' })
  stats() {
    return { books: this.books.count }
  }
}
