import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { test } from 'node:test'
import {
  CORE_DEFAULTS,
  Controller,
  EventStream,
  FileResponse,
  file,
  Get,
  HtmlResponse,
  html,
  Post,
  RedirectResponse,
  redirect,
  stream,
  TextResponse,
  text,
} from '@portico/core'
import { type TSchema, Type } from '@sinclair/typebox'
import Fastify from 'fastify'
import { appWith, startupError } from './helpers.js'

const Book = Type.Object({ isbn: Type.String(), title: Type.String() })
const dir = mkdtempSync(join(tmpdir(), 'portico-responses-'))
const coverPath = join(dir, 'cover.png')
writeFileSync(coverPath, Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]))
test.after(() => rmSync(dir, { recursive: true, force: true }))

@Controller('/r')
class Responses {
  @Get('/page', { response: { 200: html() } })
  page() {
    return '<h1>Books</h1>'
  }
  @Get('/page-async', { response: { 200: html() } })
  async pageAsync() {
    return new HtmlResponse('<p>é</p>', { headers: { 'x-page': 'yes' } })
  }
  @Post('/created', { status: 201, response: { 201: html() } })
  created() {
    return new HtmlResponse('<p>made</p>')
  }
  @Get('/health', { response: { 200: text() } })
  health() {
    return 'ok'
  }
  @Get('/text-class', { response: { 200: text() } })
  textClass() {
    return new TextResponse('teapot', { status: 418 })
  }
  @Get('/csv', { response: { 200: { content: { 'text/csv': Type.String() }, description: 'CSV' } } })
  csv() {
    return 'isbn,title\n1,Dune\n'
  }
  @Get('/both', { response: { 200: { content: { 'application/json': Book, 'text/csv': Type.String() } } } })
  both() {
    return { isbn: '1', title: 'Dune', secret: 'dropped' }
  }
  @Get('/bytes', { response: { 200: stream('application/x-ndjson') } })
  bytes() {
    return Readable.from(['{"n":1}\n', '{"n":2}\n'])
  }
  @Get('/cover', { response: { 200: file('image/png') } })
  cover() {
    return new FileResponse(coverPath, { type: 'image/png', filename: 'cover.png' })
  }
  @Get('/memory', { response: { 200: file('text/plain') } })
  memory() {
    return new FileResponse(Buffer.from('hello'), {
      type: 'text/plain',
      filename: 'a"b\r\nSet-Cookie: x=1;é.txt',
    })
  }
  @Get('/inline', { response: { 200: file('image/png') } })
  inline() {
    return new FileResponse(coverPath, { type: 'image/png', disposition: 'inline' })
  }
  @Get('/go', { response: { 307: redirect() } })
  go() {
    return new RedirectResponse('/r/page')
  }
  @Get('/away', { response: { 302: redirect() } })
  away() {
    return new RedirectResponse('https://example.com/x?y=1', 302)
  }
  @Get('/sneaky', { response: { 302: redirect() } })
  async sneaky() {
    return new RedirectResponse('//evil.example/', 302)
  }
  @Get('/json', { response: { 200: Book } })
  json() {
    return { isbn: '2', title: 'Emma' }
  }
}

// A route that declares no media type still sends a response object (as the web Response it is).
@Controller('/plain')
class Undeclared {
  @Get('/page')
  page() {
    return new HtmlResponse('<b>x</b>')
  }
  @Get('/go')
  go() {
    return new RedirectResponse('/target', 303)
  }
}

test('html(): a returned string is sent as text/html, and a response object with its headers', async (t) => {
  const app = await appWith(t, { controllers: [Responses] })
  const page = await app.inject('/r/page')
  assert.equal(page.statusCode, 200)
  assert.equal(page.headers['content-type'], 'text/html; charset=utf-8')
  assert.equal(page.body, '<h1>Books</h1>')
  assert.equal(page.headers['content-length'], '14')
  const asyncPage = await app.inject('/r/page-async')
  assert.equal(asyncPage.headers['content-type'], 'text/html; charset=utf-8')
  assert.equal(asyncPage.headers['x-page'], 'yes')
  assert.equal(asyncPage.body, '<p>é</p>')
  assert.equal(asyncPage.headers['content-length'], String(Buffer.byteLength('<p>é</p>')))
})

test("a response object without a status keeps the route's status", async (t) => {
  const app = await appWith(t, { controllers: [Responses] })
  const res = await app.inject({ method: 'POST', url: '/r/created' })
  assert.equal(res.statusCode, 201)
  assert.equal(res.body, '<p>made</p>')
})

test('text() and content maps: the declared media type, serialized per media type', async (t) => {
  const app = await appWith(t, { controllers: [Responses] })
  const health = await app.inject('/r/health')
  assert.equal(health.headers['content-type'], 'text/plain; charset=utf-8')
  assert.equal(health.body, 'ok')
  const teapot = await app.inject('/r/text-class')
  assert.equal(teapot.statusCode, 418)
  assert.equal(teapot.body, 'teapot')
  const csv = await app.inject('/r/csv')
  assert.equal(csv.headers['content-type'], 'text/csv; charset=utf-8')
  assert.equal(csv.body, 'isbn,title\n1,Dune\n')
  // Two media types: JSON stays the default, serialized with its schema (extra property dropped).
  const both = await app.inject('/r/both')
  assert.match(String(both.headers['content-type']), /^application\/json/)
  assert.deepEqual(both.json(), { isbn: '1', title: 'Dune' })
})

test('stream(): a returned stream is piped with the declared type', async (t) => {
  const app = await appWith(t, { controllers: [Responses] })
  const res = await app.inject('/r/bytes')
  assert.equal(res.headers['content-type'], 'application/x-ndjson')
  assert.equal(res.body, '{"n":1}\n{"n":2}\n')
})

test('FileResponse: streamed from a path with its length, type and an RFC 6266 disposition', async (t) => {
  const app = await appWith(t, { controllers: [Responses] })
  const cover = await app.inject('/r/cover')
  assert.equal(cover.statusCode, 200)
  assert.equal(cover.headers['content-type'], 'image/png')
  assert.equal(cover.headers['content-length'], '7')
  assert.equal(cover.headers['content-disposition'], 'attachment; filename="cover.png"')
  assert.deepEqual(cover.rawPayload, Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]))
  const inline = await app.inject('/r/inline')
  assert.equal(inline.headers['content-disposition'], 'inline')
})

test('FileResponse: a hostile filename cannot inject a header nor break out of the quotes', async (t) => {
  const app = await appWith(t, { controllers: [Responses] })
  const res = await app.inject('/r/memory')
  assert.equal(res.body, 'hello')
  assert.equal(res.headers['set-cookie'], undefined)
  const disposition = String(res.headers['content-disposition'])
  assert.equal(
    disposition,
    `attachment; filename="a_b__Set-Cookie: x=1;_.txt"; filename*=UTF-8''a%22b%0D%0ASet-Cookie%3A%20x%3D1%3B%C3%A9.txt`,
  )
  // Exactly one quoted string: nothing escaped the fallback's quotes.
  assert.equal(disposition.split('"').length, 3)
})

test('RedirectResponse: status and Location; an app path keeps the root path of the request', async (t) => {
  const app = Fastify()
  t.after(() => app.close())
  // What @portico/root-path declares and sets per request.
  app.decorateRequest('rootPath', '')
  app.addHook('onRequest', async (request) => {
    ;(request as unknown as { rootPath: string }).rootPath = String(request.headers['x-root'] ?? '')
  })
  const { portico } = await import('@portico/core')
  await app.register(portico, { controllers: [Responses, Undeclared] })
  const go = await app.inject('/r/go')
  assert.equal(go.statusCode, 307)
  assert.equal(go.headers.location, '/r/page')
  assert.equal(go.body, '')
  const behind = await app.inject({ url: '/r/go', headers: { 'x-root': '/api/v1' } })
  assert.equal(behind.headers.location, '/api/v1/r/page')
  const away = await app.inject({ url: '/r/away', headers: { 'x-root': '/api/v1' } })
  assert.equal(away.statusCode, 302)
  assert.equal(away.headers.location, 'https://example.com/x?y=1')
  // A protocol-relative target is not an app path: sent as given, for the Location guard to judge.
  const sneaky = await app.inject({ url: '/r/sneaky', headers: { 'x-root': '/api' } })
  assert.equal(sneaky.headers.location, '//evil.example/')
})

test('the Location of a RedirectResponse is on the reply before onSend hooks run', async (t) => {
  const app = Fastify()
  t.after(() => app.close())
  const seen: unknown[] = []
  app.addHook('onSend', async (_request, reply, payload) => {
    seen.push(reply.getHeader('location'))
    return payload
  })
  const { portico } = await import('@portico/core')
  await app.register(portico, { controllers: [Responses] })
  await app.inject('/r/go')
  assert.deepEqual(seen, ['/r/page'])
})

test('a route that declares no media type still sends a response object (as a web Response)', async (t) => {
  const app = await appWith(t, { controllers: [Undeclared] })
  const page = await app.inject('/plain/page')
  assert.equal(page.headers['content-type'], 'text/html; charset=utf-8')
  assert.equal(page.body, '<b>x</b>')
  const go = await app.inject('/plain/go')
  assert.equal(go.statusCode, 303)
  assert.equal(go.headers.location, '/target')
})

test('JSON routes are untouched: no wrapper around their handler', async (t) => {
  const app = Fastify()
  t.after(() => app.close())
  const handlers: Record<string, string> = {}
  app.addHook('onRoute', (route) => {
    handlers[route.url] = route.handler.name
  })
  const { portico } = await import('@portico/core')
  await app.register(portico, { controllers: [Responses] })
  await app.ready()
  assert.equal(handlers['/r/json'], 'handler')
  assert.equal(handlers['/r/page'], 'respond')
  const res = await app.inject('/r/json')
  assert.deepEqual(res.json(), { isbn: '2', title: 'Emma' })
})

test('a content map with a schema that is not one fails at startup naming the media type', async () => {
  @Controller()
  class Bad {
    @Get('/', { response: { 200: { content: { 'text/csv': 'string' as unknown as TSchema } } } })
    csv() {
      return ''
    }
  }
  const error = await startupError({ controllers: [Bad] })
  assert.equal(error.code, 'PORTICO_ERR_CORE_SCHEMA_INVALID')
  assert.match(error.message, /response 200 text\/csv/)
  assert.match(error.message, /Bad\.csv/)
})

test('options: an unknown key fails where it is written, naming the known ones', () => {
  assert.throws(() => html({ descripton: 'x' } as never), {
    code: 'PORTICO_ERR_CORE_RESPONSE_OPTION_UNKNOWN',
    message: 'Unknown option `descripton` of html() (known: description)',
  })
  assert.throws(() => new FileResponse(coverPath, { type: 'image/png', fileName: 'a.png' } as never), {
    code: 'PORTICO_ERR_CORE_RESPONSE_OPTION_UNKNOWN',
    message:
      'Unknown option `fileName` of FileResponse (known: type, filename, disposition, status, headers)',
  })
  assert.throws(() => new EventStream([], { keepalive: 5 } as never), {
    code: 'PORTICO_ERR_CORE_RESPONSE_OPTION_UNKNOWN',
    message: 'Unknown option `keepalive` of EventStream (known: keepAlive, retry, status, headers)',
  })
  assert.throws(
    () => new HtmlResponse('<p>', { code: 201 } as never),
    /Unknown option `code` of HtmlResponse/,
  )
})

test('options: values a response cannot be sent with fail when it is made', () => {
  assert.throws(() => new RedirectResponse('/x', 200), {
    code: 'PORTICO_ERR_CORE_RESPONSE_INVALID',
    message: 'Invalid RedirectResponse: the status must be a 3xx redirect status, got 200',
  })
  assert.throws(() => new FileResponse(coverPath, {} as never), /`type` \(the media type\) is required/)
  assert.throws(() => new EventStream([], { keepAlive: -1 }), /`keepAlive` must be a number >= 0, got -1/)
  assert.throws(() => new EventStream(42 as never), /the source must be an iterable/)
  assert.throws(() => new EventStream('tick' as never), /the source must be an iterable/)
  assert.throws(() => new TextResponse('x', { status: 99 }), /the status must be an integer from 100 to 599/)
})

test('CORE_DEFAULTS: the response options and their defaults', () => {
  assert.equal(CORE_DEFAULTS.eventStream.keepAlive, 15_000)
  assert.deepEqual(Object.keys(CORE_DEFAULTS.media), ['description'])
  assert.deepEqual(Object.keys(CORE_DEFAULTS.contentResponse), ['content', 'description', 'headers'])
  assert.ok(Object.isFrozen(CORE_DEFAULTS.fileResponse))
})

test('a content map with an unknown key fails at startup naming the route', async () => {
  @Controller()
  class Typo {
    @Get('/', {
      response: { 200: { content: { 'text/csv': Type.String() }, descripton: 'CSV' } as unknown as TSchema },
    })
    csv() {
      return ''
    }
  }
  const error = await startupError({ controllers: [Typo] })
  assert.equal(error.code, 'PORTICO_ERR_CORE_RESPONSE_OPTION_UNKNOWN')
  assert.equal(
    error.message,
    'Unknown option `descripton` of response 200 of Typo.csv (known: content, description, headers)',
  )
})
