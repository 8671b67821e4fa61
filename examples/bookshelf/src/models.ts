// The bookshelf's models (shared/contracts/bookshelf.md, "Models"), as TypeBox schemas: those with an
// `$id` are components of the document, referenced wherever a route uses them.
import { type Static, Type } from '@sinclair/typebox'

export const Author = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 100 }), born: Type.Optional(Type.Integer()) },
  { $id: 'Author' },
)

const bookFields = {
  isbn: Type.String({ pattern: '^[0-9]{13}$', description: '13 digits' }),
  title: Type.String({ minLength: 1, maxLength: 200 }),
  authors: Type.Array(Author, { minItems: 1 }),
  year: Type.Integer({ minimum: 1450, maximum: 2100 }),
  tags: Type.Array(Type.String()),
}

export const BookCreate = Type.Object(
  { ...bookFields, tags: Type.Array(Type.String(), { default: [] }) },
  { $id: 'BookCreate', additionalProperties: false },
)
// No defaults here: a PATCH changes only the fields it sends.
export const BookUpdate = Type.Partial(Type.Object(bookFields), {
  $id: 'BookUpdate',
  additionalProperties: false,
})
export const Book = Type.Object(
  { id: Type.Integer(), ...bookFields, cover_url: Type.Union([Type.String(), Type.Null()]) },
  { $id: 'Book' },
)
export const Page = Type.Object(
  {
    items: Type.Array(Book),
    total: Type.Integer(),
    next: Type.Union([Type.String(), Type.Null()], { description: 'Path of the next page, or null' }),
  },
  { $id: 'Page' },
)

/** The body of every error but validation errors (`errorFormat: 'fastapi'`). */
export const HTTPError = Type.Object({ detail: Type.String() }, { $id: 'HTTPError' })

const Sort = Type.Union(
  [Type.Literal('title'), Type.Literal('-title'), Type.Literal('year'), Type.Literal('-year')],
  { default: 'title' },
)
/** GET /books: parameters with defaults are optional for clients, always set for the handler. */
export const ListQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  offset: Type.Integer({ minimum: 0, default: 0 }),
  tag: Type.Optional(Type.Array(Type.String(), { description: 'Books having all these tags' })),
  sort: Sort,
})

export type BookCreate = Static<typeof BookCreate>
export type BookUpdate = Static<typeof BookUpdate>
export type Book = Static<typeof Book>
export type ListQuery = Static<typeof ListQuery>
