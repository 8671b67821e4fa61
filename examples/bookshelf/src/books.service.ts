// The in-memory store: one instance, shared by the main app and the admin sub-application.
import { EventEmitter } from 'node:events'
import { Conflict, Injectable, NotFound } from 'portico'
import type { Book, BookCreate, BookUpdate, ListQuery } from './models.js'

@Injectable()
export class BooksService {
  readonly events = new EventEmitter<{ created: [Book] }>()
  readonly covers = new Map<string, { mimetype: string; buffer: Buffer }>()
  readonly #books = new Map<number, Book>()
  #nextId = 1

  get count(): number {
    return this.#books.size
  }

  list({ limit, offset, tag = [], sort }: ListQuery): { items: Book[]; total: number } {
    const key = sort.replace('-', '') as 'title' | 'year'
    const sign = sort.startsWith('-') ? -1 : 1
    const found = [...this.#books.values()]
      .filter((book) => tag.every((t) => book.tags.includes(t)))
      .sort((a, b) => sign * (a[key] < b[key] ? -1 : a[key] > b[key] ? 1 : a.id - b.id))
    return { items: found.slice(offset, offset + limit), total: found.length }
  }

  get(id: number): Book {
    const book = this.#books.get(id)
    if (!book) throw new NotFound('Book not found')
    return book
  }

  create(data: BookCreate): Book {
    this.#checkIsbn(data.isbn)
    const book: Book = { id: this.#nextId++, ...data, cover_url: null }
    this.#books.set(book.id, book)
    this.events.emit('created', book)
    return book
  }

  update(id: number, data: BookUpdate): Book {
    const book = this.get(id)
    if (data.isbn !== undefined && data.isbn !== book.isbn) this.#checkIsbn(data.isbn)
    return Object.assign(book, data)
  }

  setCover(id: number, name: string, cover: { mimetype: string; buffer: Buffer }, url: string): Book {
    const book = this.get(id)
    this.covers.set(name, { mimetype: cover.mimetype, buffer: cover.buffer })
    book.cover_url = url
    return book
  }

  delete(id: number): void {
    this.get(id)
    this.#books.delete(id)
  }

  #checkIsbn(isbn: string): void {
    for (const book of this.#books.values()) {
      if (book.isbn === isbn) throw new Conflict(`A book with isbn ${isbn} exists`)
    }
  }
}
