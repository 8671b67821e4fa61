// Issue 13, finding 6 (root-path's part): commas in forwarded prefixes, encoded or not, and server URLs
// such as `javascript:alert(1)` in `servers`.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { mount, parseForwardedPrefix, resolveRootPathOptions, type ServerObject } from '@portico/root-path'
import { buildApp, PROXY } from './helpers.js'

describe('forwarded prefixes never carry a comma', () => {
  test('an encoded comma is refused (it would read as "/a,/b")', () => {
    for (const value of ['/a%2C/b', '/a%2c/b', '/a%2Cb', '%2C', '/a%252C']) {
      const result = parseForwardedPrefix(value)
      assert.equal(result?.ok === true && result.value.includes(','), false, value)
    }
    assert.equal(parseForwardedPrefix('/a%2C/b')?.ok, false)
    assert.equal(parseForwardedPrefix('/a%2cb')?.ok, false)
  })

  test('a literal comma keeps the documented rule: several values, the last one is used', () => {
    assert.deepEqual(parseForwardedPrefix('/a,/b'), { ok: true, value: '/b' })
    assert.deepEqual(parseForwardedPrefix(['/a', '/b,/c']), { ok: true, value: '/c' })
    assert.equal(parseForwardedPrefix('/a, /b%2C/c')?.ok, false)
  })

  test('through the app: X-Forwarded-Prefix /a%2C/b is ignored (the static root path applies)', async (t) => {
    const app = await buildApp({ rootPath: '/static', forwardedPrefix: true }, { trustProxy: PROXY })
    t.after(() => app.close())
    const res = await app.inject({
      url: '/app',
      headers: { 'x-forwarded-prefix': '/a%2C/b' },
      remoteAddress: PROXY,
    })
    assert.equal(res.json().root_path, '/static')
  })
})

describe('servers: URLs are http(s) or relative paths, variables declared', () => {
  const bad: [ServerObject[], RegExp][] = [
    [[{ url: 'javascript:alert(1)' }], /"servers\[0\]\.url"/],
    [[{ url: '/ok' }, { url: 'data:text/html,<script>x</script>' }], /"servers\[1\]\.url"/],
    [[{ url: 'ftp://files.example.com' }], /"servers\[0\]\.url"/],
    [[{ url: 'file:///etc/passwd' }], /"servers\[0\]\.url"/],
    [[{ url: '//evil.example/api' }], /"servers\[0\]\.url"/],
    [[{ url: '/\\evil.example' }], /"servers\[0\]\.url"/],
    [[{ url: '\\\\evil.example' }], /"servers\[0\]\.url"/],
    [[{ url: ' https://x.example' }], /"servers\[0\]\.url"/],
    [[{ url: '\tjavascript:alert(1)' }], /"servers\[0\]\.url"/],
    [[{ url: 'java\tscript:alert(1)' }], /"servers\[0\]\.url"/],
    [[{ url: 'https://' }], /"servers\[0\]\.url"/],
    [[{ url: 'https://bad host.example/' }], /"servers\[0\]\.url"/],
    [[{ url: 'https://user:pw@example.com/' }], /"servers\[0\]\.url"/],
    [[{ url: 'https://{region}.example.com' }], /"servers\[0\]\.url".*\{region\}.*variables/],
    [
      [{ url: 'https://{region}.example.com/{base}', variables: { region: { default: 'eu' } } }],
      /"servers\[0\]\.url".*\{base\}/,
    ],
    [
      [{ url: '{scheme}://x.example', variables: { scheme: { default: 'javascript' } } }],
      /"servers\[0\]\.url"/,
    ],
    [
      [
        {
          url: '{scheme}://x.example',
          variables: { scheme: { default: 'https', enum: ['https', 'javascript'] } },
        },
      ],
      /"servers\[0\]\.url"/,
    ],
    [[{ url: '/a\nb' }], /"servers\[0\]\.url"/],
  ]
  for (const [servers, message] of bad) {
    test(`refused: ${JSON.stringify(servers).slice(0, 90)}`, () => {
      assert.throws(
        () => resolveRootPathOptions({ servers }),
        (error: Error & { code?: string }) => {
          assert.equal(error.code, 'PORTICO_ERR_ROOT_PATH_SERVERS_INVALID')
          assert.match(error.message, message)
          return true
        },
      )
      assert.throws(() => mount(async () => {}, { servers }), {
        code: 'PORTICO_ERR_ROOT_PATH_SERVERS_INVALID',
      })
    })
  }

  test('accepted: absolute http(s), relative paths, declared variables', () => {
    const good: ServerObject[] = [
      { url: 'https://prod.example.com' },
      { url: 'http://127.0.0.1:8000/api/v1' },
      { url: 'HTTPS://API.EXAMPLE.COM/v1' },
      { url: 'https://[::1]:8443/v2?x=1' },
      { url: '/api/v1' },
      { url: '/' },
      { url: './v1' },
      { url: '../v1' },
      { url: 'v1' },
      { url: '/api/v1/' },
      {
        url: 'https://{region}.example.com:{port}/{base}',
        variables: {
          region: { default: 'eu', enum: ['eu', 'us'] },
          port: { default: '443' },
          base: { default: 'v1' },
        },
      },
      { url: '{scheme}://x.example', variables: { scheme: { default: 'https', enum: ['https', 'http'] } } },
      { url: '/{tenant}/api', variables: { tenant: { default: 'acme' } } },
    ]
    assert.equal(resolveRootPathOptions({ servers: good }).servers.length, good.length)
  })
})
