// A typed client of the bookshelf, as a team consuming its document writes one: types generated
// from the served /openapi.json with openapi-typescript (`schema.d.ts`, next to this file), calls
// with openapi-fetch, base URL = the document's `servers[0]` resolved against where the document
// was fetched. test/e2e/bookshelf-client.test.ts generates the types, type-checks this file with
// TypeScript 5.9 (tsconfig.json here), runs it through nginx (strip.conf) and checks what it
// prints. Run by hand: BOOKSHELF_OPENAPI_URL=http://127.0.0.1:8000/openapi.json node client.js
import createClient from 'openapi-fetch'
import type { components, paths } from './schema.js'

type Book = components['schemas']['Book']

const documentUrl = process.env.BOOKSHELF_OPENAPI_URL ?? 'http://127.0.0.1:8000/openapi.json'
const document = (await (await fetch(documentUrl)).json()) as { servers?: { url: string }[] }
// No `servers` (an app served at the root) means '/', as OpenAPI says.
const baseUrl = new URL(document.servers?.[0]?.url ?? '/', documentUrl).href
const client = createClient<paths>({ baseUrl })
const seen: Record<string, unknown> = { baseUrl }

// POST /token is a form (application/x-www-form-urlencoded), as OAuth2's password grant says.
const form = (body: Record<string, string | undefined>) =>
  new URLSearchParams(Object.entries(body).filter((e): e is [string, string] => e[1] !== undefined))
const login = await client.POST('/token', {
  body: { username: 'alice', password: 'wonderland' },
  bodySerializer: form,
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
})
seen.login = { status: login.response.status, token_type: login.data?.token_type }
const headers = { authorization: `Bearer ${login.data?.access_token}` }
const me = await client.GET('/me', { headers })
seen.me = me.data
const anonymous = await client.GET('/me')
seen.anonymous = {
  status: anonymous.response.status,
  challenge: anonymous.response.headers.get('www-authenticate'),
}

const book = {
  isbn: '9780141439761',
  title: 'Alice in Wonderland',
  authors: [{ name: 'Lewis Carroll', born: 1832 }],
  year: 1865,
}
const created = await client.POST('/books', { body: book, headers })
const added: Book | undefined = created.data
seen.created = {
  status: created.response.status,
  location: created.response.headers.get('location'),
  book: added,
}

// `limit`, `offset` and `sort` have defaults: optional here, though the server always has them.
const page = await client.GET('/books', { params: { query: { tag: ['novel'] } } })
seen.filtered = { status: page.response.status, total: page.data?.total }
const all = await client.GET('/books', { params: { query: { limit: 1, sort: '-year' } } })
seen.list = { status: all.response.status, items: all.data?.items.map((b) => b.title), next: all.data?.next }

const read = await client.GET('/books/{book_id}', { params: { path: { book_id: added?.id ?? 0 } } })
seen.read = { status: read.response.status, title: read.data?.title }
const missing = await client.GET('/books/{book_id}', { params: { path: { book_id: 999_999 } } })
seen.missing = { status: missing.response.status, error: missing.error }

console.log(JSON.stringify(seen))
