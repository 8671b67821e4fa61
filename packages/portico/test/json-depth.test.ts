// createApp's jsonMaxDepth (issue 13, finding 6): a JSON body nested 10,000 levels deep made an
// echoing route answer 500 `Maximum call stack size exceeded` (JSON.stringify of the parsed body
// overflows; JSON.parse and secure-json-parse do not). It is a 400 now, before validation.
import assert from 'node:assert/strict'
import { Readable } from 'node:stream'
import { describe, test } from 'node:test'
import { createGunzip, gzipSync } from 'node:zlib'
import { Type } from '@sinclair/typebox'
import { type CreateAppOptions, createApp, PORTICO_ERR_APP_BODY_TOO_DEEP } from 'portico'

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`
const nestedObject = (depth: number) => `${'{"a":'.repeat(depth - 1)}{}${'}'.repeat(depth - 1)}`

function echoApp(options: CreateAppOptions = {}) {
  const app = createApp({ openapi: false, ...options })
  let handled = 0
  app.post('/echo', async (request) => {
    handled++
    return request.body
  })
  return { app, handled: () => handled }
}

const post = (payload: string, contentType = 'application/json', headers: Record<string, string> = {}) => ({
  method: 'POST' as const,
  url: '/echo',
  payload,
  headers: { 'content-type': contentType, ...headers },
})

describe('jsonMaxDepth', () => {
  test('10,000 nested arrays (20 KB) answer 400 PORTICO_ERR_APP_BODY_TOO_DEEP, not 500, before the handler', async (t) => {
    const { app, handled } = echoApp()
    t.after(() => app.close())
    const response = await app.inject(post(nested(10_000)))
    assert.equal(response.statusCode, 400)
    assert.deepEqual(response.json(), {
      statusCode: 400,
      code: 'PORTICO_ERR_APP_BODY_TOO_DEEP',
      error: 'Bad Request',
      message: 'JSON body nests deeper than 128 levels',
    })
    assert.equal(handled(), 0)
    assert.equal(new PORTICO_ERR_APP_BODY_TOO_DEEP(128).statusCode, 400)
  })

  test('the bound is inclusive: 128 levels of arrays or objects pass, 129 do not', async (t) => {
    const { app } = echoApp()
    t.after(() => app.close())
    assert.equal((await app.inject(post(nested(128)))).statusCode, 200)
    assert.equal((await app.inject(post(nested(128)))).body, nested(128))
    assert.equal((await app.inject(post(nested(129)))).statusCode, 400)
    assert.equal((await app.inject(post(nestedObject(128)))).statusCode, 200)
    assert.equal((await app.inject(post(nestedObject(129)))).statusCode, 400)
    // Deep inside a wide body, past the first items.
    const wide = `[${'1,'.repeat(1000)}{"x":[${nested(127)}]}]`
    assert.equal((await app.inject(post(wide))).statusCode, 400)
    // Brackets inside strings are not levels.
    assert.equal((await app.inject(post(JSON.stringify({ s: '['.repeat(500) })))).statusCode, 200)
  })

  test('+json types, chunked and compressed bodies are checked too', async (t) => {
    const { app } = echoApp()
    t.after(() => app.close())
    app.addContentTypeParser('application/vnd.api+json', { parseAs: 'string' }, (_request, body, done) => {
      done(null, JSON.parse(body as string))
    })
    // What a decompressing plugin does.
    app.addHook('preParsing', async (request, _reply, payload) => {
      if (request.headers['content-encoding'] !== 'gzip') return payload
      return payload.pipe(createGunzip())
    })
    assert.equal((await app.inject(post(nested(500), 'application/vnd.api+json'))).statusCode, 400)
    assert.equal((await app.inject(post(nested(500), 'application/json; charset=utf-8'))).statusCode, 400)
    // No Content-Length (a stream).
    const streamed = await app.inject({
      method: 'POST',
      url: '/echo',
      payload: Readable.from([nested(300)]),
      headers: { 'content-type': 'application/json' },
    })
    assert.equal(streamed.statusCode, 400)
    // A gzipped body of 10,000 levels is about 60 bytes: the length shortcut does not apply.
    const compressed = gzipSync(nested(10_000))
    assert.ok(compressed.length < 258)
    const gzipped = await app.inject({
      method: 'POST',
      url: '/echo',
      payload: compressed,
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
    })
    assert.equal(gzipped.statusCode, 400)
  })

  test("a configured bound, false for none (Fastify's behaviour), and a user's own JSON parser", async (t) => {
    const small = echoApp({ jsonMaxDepth: 2 })
    t.after(() => small.app.close())
    assert.equal((await small.app.inject(post('{"a":[1]}'))).statusCode, 200)
    const refused = await small.app.inject(post('{"a":[[1]]}'))
    assert.equal(refused.statusCode, 400)
    assert.equal(refused.json().message, 'JSON body nests deeper than 2 levels')

    const off = echoApp({ jsonMaxDepth: false })
    t.after(() => off.app.close())
    assert.equal((await off.app.inject(post(nested(129)))).statusCode, 200)

    // Replacing Fastify's JSON parser stays possible (without removing one first), and is bounded.
    const own = echoApp()
    t.after(() => own.app.close())
    own.app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
      done(null, JSON.parse(body as string))
    })
    assert.equal((await own.app.inject(post('[1]'))).statusCode, 200)
    assert.equal((await own.app.inject(post(nested(200)))).statusCode, 400)
  })

  test('the check runs before validation; other content types and non-JSON bodies are left alone', async (t) => {
    const { app } = echoApp()
    t.after(() => app.close())
    app.post('/typed', { schema: { body: Type.Array(Type.Any()) } }, async () => 'ok')
    const response = await app.inject({ ...post(nested(1000)), url: '/typed' })
    assert.equal(response.json().code, 'PORTICO_ERR_APP_BODY_TOO_DEEP')
    const text = await app.inject(post(nested(1000), 'text/plain'))
    assert.equal(text.statusCode, 200)
  })

  test("Fastify's parser protections are kept: prototype poisoning, empty and invalid bodies", async (t) => {
    const { app } = echoApp()
    t.after(() => app.close())
    const poisoned = await app.inject(post('{"__proto__":{"admin":true}}'))
    assert.equal(poisoned.statusCode, 400)
    assert.equal(poisoned.json().code, 'FST_ERR_CTP_INVALID_JSON_BODY')
    assert.equal((await app.inject(post(''))).json().code, 'FST_ERR_CTP_EMPTY_JSON_BODY')
    assert.equal((await app.inject(post('[[['))).json().code, 'FST_ERR_CTP_INVALID_JSON_BODY')
  })

  test('a bad jsonMaxDepth throws PORTICO_ERR_APP_OPTION_INVALID naming it', () => {
    for (const jsonMaxDepth of [0, -1, 1.5, '10', true, Number.NaN]) {
      assert.throws(
        () => createApp({ jsonMaxDepth: jsonMaxDepth as never }),
        (error: Error & { code?: string }) =>
          error.code === 'PORTICO_ERR_APP_OPTION_INVALID' && /"jsonMaxDepth"/.test(error.message),
      )
    }
  })

  test('the check is on the routes that can receive a body, after their own preValidation hooks', async (t) => {
    const app = createApp({ openapi: false })
    t.after(() => app.close())
    const seen: Record<string, unknown[]> = {}
    // Added after createApp's own onRoute hook, so it sees what that one did.
    app.addHook('onRoute', (route) => {
      seen[`${route.method} ${route.url}`] = [route.preValidation ?? []].flat()
    })
    const own = async () => {}
    app.get('/read', async () => 'ok')
    app.put('/write', { preValidation: own }, async (request) => request.body)
    await app.ready()
    assert.deepEqual(seen['GET /read'], [])
    assert.equal(seen['PUT /write']?.length, 2)
    assert.equal(seen['PUT /write']?.[0], own)
    const deep = await app.inject({
      method: 'PUT',
      url: '/write',
      payload: nested(1000),
      headers: { 'content-type': 'application/json' },
    })
    assert.equal(deep.statusCode, 400)
  })
})
