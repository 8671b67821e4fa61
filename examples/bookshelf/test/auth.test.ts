// Contract rows 1, 2, 10 and the auth columns of rows 5 to 8, through inject.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { bearer, bookshelf, json, login, newBook } from './support.js'

const app = bookshelf()

describe('POST /token (row 1)', () => {
  test('a form with username and password: 200 {access_token, token_type: "bearer"}', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/token',
      payload: 'username=alice&password=wonderland',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
    const body = json(res, 200)
    assert.deepEqual(Object.keys(body).sort(), ['access_token', 'token_type'])
    assert.equal(body.token_type, 'bearer')
    assert.equal(typeof body.access_token, 'string')
  })

  for (const [username, password] of [
    ['alice', 'wrong'],
    ['nobody', 'wonderland'],
  ] as const) {
    test(`bad credentials (${username}/${password}): 401 with WWW-Authenticate: Bearer, {detail}`, async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/token',
        payload: new URLSearchParams({ username, password }).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      })
      assert.equal(res.statusCode, 401, res.body)
      assert.equal(res.headers['www-authenticate'], 'Bearer')
      assert.equal(typeof res.json().detail, 'string')
    })
  }

  test('a form without password is a validation error naming it', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/token',
      payload: 'username=alice',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
    assert.equal(res.statusCode, 422, res.body)
    assert.match(res.body, /password/)
  })
})

describe('GET /me (row 2): the token carries the scopes asked for that the user holds', () => {
  const me = async (token: string) => json(await app.inject({ url: '/me', headers: bearer(token) }), 200)

  test("no scope asked: all of the user's scopes", async () => {
    assert.deepEqual(await me(await login(app, 'alice', 'wonderland')), {
      username: 'alice',
      scopes: ['books:write'],
    })
    assert.deepEqual(await me(await login(app, 'admin', 'admin-secret')), {
      username: 'admin',
      scopes: ['books:write', 'admin'],
    })
  })

  test('scope=admin: only admin; scopes the user does not hold are never granted', async () => {
    assert.deepEqual(await me(await login(app, 'admin', 'admin-secret', 'admin')), {
      username: 'admin',
      scopes: ['admin'],
    })
    assert.deepEqual(await me(await login(app, 'alice', 'wonderland', 'admin books:write')), {
      username: 'alice',
      scopes: ['books:write'],
    })
    assert.deepEqual(await me(await login(app, 'alice', 'wonderland', 'admin')), {
      username: 'alice',
      scopes: [],
    })
  })

  for (const [name, headers] of [
    ['no token', {}],
    ['a bad token', bearer('not-a-token')],
    ['another scheme', { authorization: 'Basic YWxpY2U6d29uZGVybGFuZA==' }],
  ] as const) {
    test(`${name}: 401 with WWW-Authenticate: Bearer`, async () => {
      const res = await app.inject({ url: '/me', headers })
      assert.equal(res.statusCode, 401, res.body)
      assert.equal(res.headers['www-authenticate'], 'Bearer')
      assert.equal(typeof res.json().detail, 'string')
    })
  }
})

describe('write routes need books:write (rows 5 to 8)', () => {
  const writes = [
    { method: 'POST', url: '/books', payload: newBook() },
    { method: 'PATCH', url: '/books/1', payload: { title: 'x' } },
    { method: 'DELETE', url: '/books/1' },
  ] as const

  for (const request of writes) {
    test(`${request.method} ${request.url}: no token 401 (before validation), bad token 401`, async () => {
      const anonymous = await app.inject({ ...request, payload: { nonsense: true } as any })
      assert.equal(anonymous.statusCode, 401, anonymous.body)
      assert.equal(anonymous.headers['www-authenticate'], 'Bearer')
      const bad = await app.inject({ ...request, headers: bearer('nope') })
      assert.equal(bad.statusCode, 401, bad.body)
      assert.equal(bad.headers['www-authenticate'], 'Bearer')
      assert.deepEqual(bad.json(), { detail: 'Could not validate credentials' })
    })

    test(`${request.method} ${request.url}: a token without books:write gets 403 {"detail": "Not enough permissions"}`, async () => {
      const token = await login(app, 'admin', 'admin-secret', 'admin')
      const res = await app.inject({ ...request, headers: bearer(token) })
      assert.deepEqual(json(res, 403), { detail: 'Not enough permissions' })
      assert.equal(res.headers['www-authenticate'], 'Bearer scope="books:write"')
    })
  }

  test('PUT /books/{id}/cover: no token 401, token without the scope 403', async () => {
    const anonymous = await app.inject({ method: 'PUT', url: '/books/1/cover' })
    assert.equal(anonymous.statusCode, 401, anonymous.body)
    assert.equal(anonymous.headers['www-authenticate'], 'Bearer')
    const token = await login(app, 'admin', 'admin-secret', 'admin')
    assert.equal(
      (await app.inject({ method: 'PUT', url: '/books/1/cover', headers: bearer(token) })).statusCode,
      403,
    )
  })
})

describe('GET /admin/stats (row 10)', () => {
  test('admin scope: 200 {"books": <count>}, the main app\'s unfiltered total', async () => {
    const writer = await login(app, 'alice', 'wonderland')
    for (let i = 0; i < 3; i++) {
      json(
        await app.inject({ method: 'POST', url: '/books', payload: newBook(), headers: bearer(writer) }),
        201,
      )
    }
    const total = json(await app.inject('/books'), 200).total
    const token = await login(app, 'admin', 'admin-secret', 'admin')
    assert.deepEqual(json(await app.inject({ url: '/admin/stats', headers: bearer(token) }), 200), {
      books: total,
    })
  })

  test("alice's token: 403; no token: 401", async () => {
    const token = await login(app, 'alice', 'wonderland')
    const res = await app.inject({ url: '/admin/stats', headers: bearer(token) })
    assert.deepEqual(json(res, 403), { detail: 'Not enough permissions' })
    assert.equal(res.headers['www-authenticate'], 'Bearer scope="admin"')
    const anonymous = await app.inject('/admin/stats')
    assert.equal(anonymous.statusCode, 401)
    assert.equal(anonymous.headers['www-authenticate'], 'Bearer')
  })
})
