// Issue 13, finding 1: no Location the app sends is readable by a browser as another origin, and an
// invalid header value in a redirect target is never a 500. The property test checks the guard
// against the WHATWG URL parser (Node's `URL`, the parser browsers implement), not against a list.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { rootPath, rootPathRewriteUrl, safeLocation } from '@portico/root-path'
import fc from 'fast-check'
import Fastify, { type FastifyInstance } from 'fastify'

const BASE = 'http://origin.test/'
const ORIGIN = 'http://origin.test'

async function redirectApp(): Promise<FastifyInstance> {
  const app = Fastify({ rewriteUrl: rootPathRewriteUrl })
  await app.register(rootPath, { rootPath: '/api' })
  // The route of the report: the user's own redirect to a query parameter.
  app.get('/go', async (request, reply) => reply.redirect((request.query as { to: string }).to))
  // Headers set by hand, without reply.redirect (a plugin might do this).
  app.get('/raw', async (request, reply) => {
    reply.code(302).header('location', (request.query as { to: string }).to)
    return ''
  })
  return app
}

/** Whether a browser reading `location` on a response of BASE stays on BASE's origin. */
function staysOnOrigin(location: string): boolean {
  let url: URL
  try {
    url = new URL(location, BASE)
  } catch {
    return true // not a URL a browser can follow at all
  }
  return url.origin === ORIGIN
}

/** Whether WHATWG reads `input` as an absolute URL (a scheme), with no base. */
function isAbsolute(input: string): boolean {
  try {
    new URL(input)
    return true
  } catch {
    return false
  }
}

describe('Location guard: the forms of the report', () => {
  const cases: [string, string][] = [
    ['%2F%09%2Fevil.com', '/\t/evil.com'],
    ['%09%2F%2Fevil.com', '\t//evil.com'],
    ['%20%2F%2Fevil.com', ' //evil.com'],
    ['%2F%09%5Cevil.com', '/\t\\evil.com'],
    ['%2F%0A%2Fevil.com', '/\n/evil.com'],
    ['%0D%0A%2F%2Fevil.com', '\r\n//evil.com'],
    ['%00%2F%2Fevil.com', '\0//evil.com'],
    ['%5C%5Cevil.com', '\\\\evil.com'],
    ['%2F%5Cevil.com', '/\\evil.com'],
    ['%5C%09%5Cevil.com', '\\\t\\evil.com'],
  ]
  for (const path of ['/api/go', '/api/raw']) {
    for (const [query, decoded] of cases) {
      test(`${path}?to=${query} (${JSON.stringify(decoded)}) stays on the origin, never a 500`, async (t) => {
        const app = await redirectApp()
        t.after(() => app.close())
        const res = await app.inject(`${path}?to=${query}`)
        assert.ok(res.statusCode < 500, `status ${res.statusCode}: ${res.body}`)
        const location = res.headers.location
        assert.equal(typeof location, 'string')
        assert.ok(staysOnOrigin(location as string), `Location ${JSON.stringify(location)} leaves the origin`)
      })
    }
  }

  test('a target with CR, LF, NUL or \\x0b is sent sanitised (no 500 ERR_INVALID_CHAR)', async (t) => {
    const app = await redirectApp()
    t.after(() => app.close())
    for (const [query, expected] of [
      ['/a\r\nSet-Cookie: x=1', '/aSet-Cookie: x=1'],
      ['/a\0b', '/a%00b'],
      ['/a\x0bb', '/a%0Bb'],
      ['/caf\u00e9 \u{1f600}', '/caf%C3%A9 %F0%9F%98%80'],
      ['https://other.example/a\r\nb', 'https://other.example/ab'],
      // A NUL in a host makes the URL invalid; its encoding `%00` would not, so it is kept relative.
      ['x://\0/', './x://%00/'],
    ] as const) {
      const res = await app.inject(`/api/go?to=${encodeURIComponent(query)}`)
      assert.equal(res.statusCode, 302, `${query}: ${res.body}`)
      assert.equal(res.headers.location, expected)
      assert.equal(res.headers['set-cookie'], undefined)
    }
  })

  test('an absolute URL the user chose is theirs to send; ordinary targets are unchanged', async (t) => {
    const app = await redirectApp()
    t.after(() => app.close())
    for (const target of [
      'https://other.example/',
      'http://other.example:8080/x?y=1#z',
      '/api/items?page=2&q=a%20b',
      '/api/caf%C3%A9',
      'relative/path',
      '?page=2',
      '#top',
      '/',
    ]) {
      const res = await app.inject(`/api/go?to=${encodeURIComponent(target)}`)
      assert.equal(res.headers.location, target)
    }
  })

  test("root-path's own redirects go through the same guard (redirectTo, trailing slash)", async (t) => {
    const app = Fastify({ rewriteUrl: rootPathRewriteUrl })
    await app.register(rootPath)
    app.get('/items/', async () => 'items')
    app.get('/to', async (_request, reply) => reply.redirectTo('tab'))
    app.get('/\t/evil.com', { config: { name: 'tab' } }, async () => 'x')
    t.after(() => app.close())
    const slash = await app.inject('/items')
    assert.equal(slash.headers.location, '/items/')
    const named = await app.inject('/to')
    assert.ok(staysOnOrigin(named.headers.location as string), String(named.headers.location))
  })
})

describe('safeLocation against the WHATWG URL parser (property)', () => {
  const piece = fc.constantFrom(
    '/',
    '\\',
    '\t',
    '\n',
    '\r',
    ' ',
    '\0',
    '\x01',
    '\x0b',
    '\x1f',
    '\x7f',
    '%09',
    '%2F',
    'a',
    'evil.com',
    'x',
    ':',
    '@',
    '.',
    '?',
    '#',
    'http',
    'https:',
    '\u00a0',
    '\u3000',
    'é',
  )
  const target = fc.array(piece, { maxLength: 12 }).map((parts) => parts.join(''))

  test('every Location emitted for a relative input stays on the origin', () => {
    fc.assert(
      fc.property(target, (input) => {
        const location = safeLocation(input)
        if (isAbsolute(input)) return true // the user's explicit absolute URL (its own test below)
        return staysOnOrigin(location)
      }),
      { numRuns: 20000 },
    )
  })

  test('every emitted Location is a valid header value, and the guard is idempotent', () => {
    fc.assert(
      fc.property(target, (input) => {
        const location = safeLocation(input)
        assert.doesNotMatch(location, /[^\t\x20-\x7e\x80-\xff]/)
        assert.equal(safeLocation(location), location)
      }),
      { numRuns: 5000 },
    )
  })

  test('an absolute input is read by the browser as the same URL after the guard', () => {
    fc.assert(
      fc.property(target, (input) => {
        if (!isAbsolute(input)) return true
        return new URL(safeLocation(input)).href === new URL(input).href
      }),
      { numRuns: 20000 },
    )
  })

  test('a relative input is read by the browser as the same path when it was already safe', () => {
    fc.assert(
      fc.property(target, (input) => {
        if (isAbsolute(input)) return true
        let before: URL
        try {
          before = new URL(input, BASE)
        } catch {
          return true // nothing a browser follows either way
        }
        if (before.origin !== ORIGIN) return true // the unsafe ones: the first property
        return new URL(safeLocation(input), BASE).href === before.href
      }),
      { numRuns: 20000 },
    )
  })
})
