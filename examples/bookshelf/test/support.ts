// What the bookshelf tests share: the app as `portico run` builds it, tokens, a valid book.
import assert from 'node:assert/strict'
import { after } from 'node:test'
import buildApp from '@portico/example-bookshelf'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'

export const ROOT = '/api/v1'

/** A new app (root path /api/v1, as behind the test proxies), closed after the file's tests. */
export function bookshelf(): ReturnType<typeof buildApp> {
  const app = buildApp({ rootPath: ROOT })
  after(() => app.close())
  return app
}

let isbn = 9780000000000
/** A valid BookCreate body, with a fresh isbn. */
export function newBook(fields: Record<string, unknown> = {}) {
  isbn += 1
  return {
    isbn: String(isbn),
    title: 'Alice in Wonderland',
    authors: [{ name: 'Lewis Carroll', born: 1832 }],
    year: 1865,
    ...fields,
  }
}

/** Checks a 422 whose `detail` has an entry at `loc` (e.g. `['query', 'limit']`). */
export function invalid(res: LightMyRequestResponse, loc: (string | number)[]): void {
  assert.equal(res.statusCode, 422, res.body)
  const locs = res.json().detail.map((entry: { loc: unknown[] }) => JSON.stringify(entry.loc))
  assert.ok(locs.includes(JSON.stringify(loc)), `no error at ${JSON.stringify(loc)}: ${res.body}`)
}

/** The JSON body of a response, after checking its status. */
export function json(res: LightMyRequestResponse, status: number): any {
  assert.equal(res.statusCode, status, `${res.statusCode} ${res.body}`)
  return res.json()
}
/** The Authorization header of a bearer token. */
export const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

const writers = new WeakMap<FastifyInstance, Promise<{ authorization: string }>>()
/** alice's Authorization header (books:write), one token per app. */
export function writer(app: FastifyInstance): Promise<{ authorization: string }> {
  let headers = writers.get(app)
  if (!headers) {
    headers = login(app, 'alice', 'wonderland').then(bearer)
    writers.set(app, headers)
  }
  return headers
}

/** POST /token with the form; the access token. */
export async function login(app: FastifyInstance, username: string, password: string, scope?: string) {
  const form = new URLSearchParams({ username, password, ...(scope === undefined ? {} : { scope }) })
  const res = await app.inject({
    method: 'POST',
    url: '/token',
    payload: form.toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  })
  return json(res, 200).access_token as string
}
