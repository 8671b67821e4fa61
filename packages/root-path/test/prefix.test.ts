import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import {
  buildPath,
  checkRootPath,
  compileRoutePattern,
  parseForwardedPrefix,
  safePath,
  stripPrefix,
} from '@portico/root-path'
import fc from 'fast-check'

const segmentChar = fc.constantFrom(...'abcXYZ019-._~!$&+,;=:@'.split(''))
const segment = fc
  .string({ unit: segmentChar, minLength: 1, maxLength: 8 })
  .filter((value) => value !== '.' && value !== '..')
/** Valid normalised root paths: '' or /seg(/seg)*. */
const rootPathArb = fc
  .array(segment, { maxLength: 4 })
  .map((segments) => segments.map((s) => `/${s}`).join(''))
/** Arbitrary request-target-like paths, including hostile characters. */
const anyPath = fc.string({
  unit: fc.constantFrom(...'/\\.%2fF5cC?#ab:@ \u0000'.split('')),
  maxLength: 24,
})

describe('checkRootPath', () => {
  test('normalises a trailing slash and "/"', () => {
    assert.deepEqual(checkRootPath('/api/'), { ok: true, value: '/api' })
    assert.deepEqual(checkRootPath('/'), { ok: true, value: '' })
    assert.deepEqual(checkRootPath(''), { ok: true, value: '' })
    assert.deepEqual(checkRootPath('/api/v1'), { ok: true, value: '/api/v1' })
  })

  for (const [input, reason] of [
    ['api', /must start with "\/"/],
    ['//api', /empty segments/],
    ['/api//v1', /empty segments/],
    ['/api//', /empty segments/],
    ['//', /empty segments/],
    ['/api/../admin', /"\." or "\.\." segments/],
    ['/./api', /"\." or "\.\." segments/],
    ['/..', /"\." or "\.\." segments/],
    ['/api?x=1', /"\?"/],
    ['/api#top', /"#"/],
    ['/api\\v1', /"\\"/],
    ['http://evil.example/api', /scheme/],
    ['javascript:alert(1)', /scheme/],
    ['/api\u0000', /control characters/],
    ['/api\n/v1', /control characters/],
    ['/a b', /segments may contain only/],
    ['/%2e%2e', /segments may contain only/],
    ['/<script>', /segments may contain only/],
    ['/caf\u00e9', /segments may contain only/],
    [`/${'a'.repeat(2000)}`, /at most 1024/],
  ] as const) {
    test(`rejects ${JSON.stringify(input).slice(0, 40)}`, () => {
      const result = checkRootPath(input)
      assert.equal(result.ok, false)
      assert.match((result as { reason: string }).reason, reason)
    })
  }

  test('rejects non-strings', () => {
    for (const value of [undefined, null, 1, ['/a'], {}]) assert.equal(checkRootPath(value).ok, false)
  })

  test('property: normalisation is idempotent and its output has the documented shape', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          rootPathArb,
          rootPathArb.map((p) => `${p}/`),
          anyPath,
        ),
        (input) => {
          const first = checkRootPath(input)
          if (!first.ok) return
          assert.deepEqual(checkRootPath(first.value), first)
          assert.match(first.value, /^(?:\/[^/?#\\]+)*$/)
          assert.ok(!first.value.endsWith('/'))
        },
      ),
      { numRuns: 2000 },
    )
  })
})

describe('stripPrefix', () => {
  test('segment boundaries and query strings', () => {
    assert.equal(stripPrefix('/api/v1', '/api/v1'), '/')
    assert.equal(stripPrefix('/api/v1/', '/api/v1'), '/')
    assert.equal(stripPrefix('/api/v1/app', '/api/v1'), '/app')
    assert.equal(stripPrefix('/api/v1?x=1&y=/api/v1', '/api/v1'), '/?x=1&y=/api/v1')
    assert.equal(stripPrefix('/api/v1/app?q=%2F', '/api/v1'), '/app?q=%2F')
    assert.equal(stripPrefix('/api/v1x/app', '/api/v1'), undefined)
    assert.equal(stripPrefix('/api/v', '/api/v1'), undefined)
    assert.equal(stripPrefix('/app', '/api/v1'), undefined)
    assert.equal(stripPrefix('/API/V1/app', '/api/v1'), undefined)
  })

  test('property: strips only on a segment boundary, and root + rest round-trips', () => {
    fc.assert(
      fc.property(
        rootPathArb.filter((r) => r !== ''),
        anyPath,
        (root, path) => {
          const url = root + path
          const rest = stripPrefix(url, root)
          const boundary = path === '' || path[0] === '/' || path[0] === '?'
          assert.equal(rest !== undefined, boundary)
          if (rest !== undefined) {
            assert.ok(rest.startsWith('/'))
            // Round trip: what the app routes, put back under the root path, is the URL the client used.
            assert.equal(path === '' ? '' : path[0] === '?' ? rest.slice(1) : rest, path)
            assert.equal(stripPrefix(root + rest, root), rest)
          }
        },
      ),
      { numRuns: 3000 },
    )
  })

  test('property: a path under another root (sibling with the root as string prefix) is untouched', () => {
    fc.assert(
      fc.property(
        rootPathArb.filter((r) => r !== ''),
        segmentChar,
        anyPath,
        (root, extra, path) => {
          assert.equal(stripPrefix(`${root}${extra}${path}`, root), undefined)
        },
      ),
    )
  })
})

describe('parseForwardedPrefix', () => {
  test('absent or empty is "no value"', () => {
    assert.equal(parseForwardedPrefix(undefined), undefined)
    assert.equal(parseForwardedPrefix(''), undefined)
    assert.equal(parseForwardedPrefix('  '), undefined)
  })

  test('several values: the last one (the direct peer) wins', () => {
    assert.deepEqual(parseForwardedPrefix('/outer, /inner'), { ok: true, value: '/inner' })
    assert.deepEqual(parseForwardedPrefix('/evil,/good/'), { ok: true, value: '/good' })
    assert.deepEqual(parseForwardedPrefix(['/first', '/second']), { ok: true, value: '/second' })
    assert.equal(parseForwardedPrefix('/good, /../evil')?.ok, false)
  })

  test('percent-decoded, then validated like config', () => {
    assert.deepEqual(parseForwardedPrefix('/api%2Dv1'), { ok: true, value: '/api-v1' })
    assert.deepEqual(parseForwardedPrefix('/'), { ok: true, value: '' })
    for (const bad of [
      '/%2e%2e/admin',
      '/%2E',
      '/a%2fb',
      '/a%5Cb',
      '/%00',
      '/%zz',
      '/%3Cscript%3E',
      '/a%252e',
      '//evil',
    ]) {
      assert.equal(parseForwardedPrefix(bad)?.ok, false, bad)
    }
  })

  test('property: accepted values are valid normalised root paths', () => {
    fc.assert(
      fc.property(anyPath, (value) => {
        const result = parseForwardedPrefix(value)
        if (result?.ok) assert.deepEqual(checkRootPath(result.value), result)
      }),
      { numRuns: 3000 },
    )
  })
})

describe('safePath and generated paths', () => {
  test('collapses leading slashes and backslashes', () => {
    assert.equal(safePath('//evil.example'), '/evil.example')
    assert.equal(safePath('/\\evil.example'), '/evil.example')
    assert.equal(safePath('\\\\evil.example'), '/evil.example')
    assert.equal(safePath('/ok//x'), '/ok//x')
  })

  test('property: no generated URL starts with "//" or "/\\", and params round-trip through decoding', () => {
    const pattern = compileRoutePattern('/items/:id/files/*')
    fc.assert(
      fc.property(rootPathArb, fc.string({ minLength: 1 }), fc.string(), (root, id, rest) => {
        const path = safePath(root + buildPath(pattern, 'item', { id, '*': rest }))
        assert.ok(!path.startsWith('//') && !path.startsWith('/\\'), path)
        const stripped = root === '' ? path : stripPrefix(path, root)
        assert.ok(stripped?.startsWith('/items/'))
        const encodedId = stripped!.slice('/items/'.length).split('/')[0]!
        assert.equal(decodeURIComponent(encodedId), id)
      }),
      { numRuns: 2000 },
    )
  })

  test('property: safePath output never starts with "//" or "/\\" and is idempotent', () => {
    fc.assert(
      fc.property(anyPath, (path) => {
        const safe = safePath(path)
        assert.ok(!/^[/\\][/\\]/.test(safe) && !safe.startsWith('\\'))
        assert.equal(safePath(safe), safe)
      }),
    )
  })
})
