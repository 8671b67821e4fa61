// FastAPI's dependency_overrides: a test replaces the authentication dependency with a fake user,
// for a write route, without touching the example's code (app.dependencyOverrides on the app that
// the example's own factory built).
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { currentUser } from '@portico/example-bookshelf'
import { bookshelf, json, newBook, ROOT } from './support.js'

test('POST /books with currentUser overridden by a fake writer: 201 with no token at all', async () => {
  const app = bookshelf()
  app.dependencyOverrides.set(currentUser, { useValue: { username: 'fake', scopes: ['books:write'] } })
  const res = await app.inject({ method: 'POST', url: '/books', payload: newBook({ title: 'Faked' }) })
  const book = json(res, 201)
  assert.equal(book.title, 'Faked')
  assert.equal(res.headers.location, `${ROOT}/books/${book.id}`)
  assert.deepEqual(json(await app.inject('/me'), 200), { username: 'fake', scopes: ['books:write'] })
})

test("a fake user without books:write still gets 403: the scope check stays the route's", async () => {
  const app = bookshelf()
  app.dependencyOverrides.set(currentUser, { useValue: { username: 'reader', scopes: [] } })
  const res = await app.inject({ method: 'POST', url: '/books', payload: newBook() })
  assert.deepEqual(json(res, 403), { detail: 'Not enough permissions' })
})
