// createApp's trustProxy is checked at the call (issue 13, finding 6): Fastify's own failures named
// neither the option nor a code (`invalid IP address: not-an-ip`, `note.lastIndexOf is not a function`).
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { createApp } from 'portico'

function refused(trustProxy: unknown, message: RegExp) {
  assert.throws(
    () => createApp({ openapi: false, trustProxy: trustProxy as never }),
    (error: Error & { code?: string }) => {
      assert.equal(error.code, 'PORTICO_ERR_APP_OPTION_INVALID')
      assert.match(error.message, message)
      return true
    },
  )
}

describe('trustProxy', () => {
  test('what Fastify reads is accepted, and trusted as before', async (t) => {
    const accepted: unknown[] = [
      true,
      false,
      0,
      2,
      '',
      '127.0.0.1',
      '127.0.0.1, 10.0.0.0/8,::1',
      '10.0.0.0/255.0.0.0',
      'loopback, linklocal, uniquelocal',
      '::ffff:127.0.0.1',
      'fe80::1%eth0',
      '2001:db8::/32',
      '127.1',
      [],
      ['127.0.0.1', '10.0.0.0/8', 'loopback'],
      (address: string) => address === '127.0.0.1',
    ]
    for (const trustProxy of accepted) {
      const app = createApp({ openapi: false, trustProxy: trustProxy as never })
      t.after(() => app.close())
      await app.ready()
    }
    const app = createApp({ openapi: false, trustProxy: '127.0.0.1, 10.0.0.0/8' })
    t.after(() => app.close())
    app.get('/ip', async (request) => request.ip)
    const response = await app.inject({ url: '/ip', headers: { 'x-forwarded-for': '203.0.113.9' } })
    assert.equal(response.body, '203.0.113.9')
  })

  test('a string entry that is no address names the entry', () => {
    refused(
      'not-an-ip',
      /^Invalid option "trustProxy": "not-an-ip" is not an IP address, a CIDR range or one of loopback/,
    )
    refused('127.0.0.1, evil.example', /"evil\.example" is not an IP address/)
    refused('127.0.0.1,', /an empty entry in "127\.0\.0\.1,"/)
    refused(' ', /an empty entry/)
  })

  test('a bad range names the entry', () => {
    refused(
      '10.0.0.0/33',
      /"10\.0\.0\.0\/33" has an invalid range \(a prefix length from 1 to 32, or a netmask\)/,
    )
    refused('10.0.0.0/0', /invalid range/)
    refused('::1/129', /"::1\/129" has an invalid range \(a prefix length from 1 to 128\)/)
    refused('10.0.0.0/255.0.255.0', /invalid range/)
    refused('10.0.0.0/x', /invalid range/)
  })

  test('an array entry that is not one address string names its index', () => {
    refused(
      ['127.0.0.1', 5],
      /^Invalid option "trustProxy\[1\]": expected a string \(one IP address or CIDR range\), got number 5/,
    )
    refused(['127.0.0.1', 'nope'], /^Invalid option "trustProxy\[1\]": "nope" is not an IP address/)
    // proxy-addr reads array entries as they are: no commas, no spaces.
    refused(['127.0.0.1,10.0.0.1'], /"trustProxy\[0\]": "127\.0\.0\.1,10\.0\.0\.1" is not an IP address/)
    refused([' 127.0.0.1'], /"trustProxy\[0\]"/)
    refused([null], /got null/)
  })

  test('other types and hop counts that are not whole numbers are refused', () => {
    refused(1.5, /^Invalid option "trustProxy": a number of hops is an integer from 0, got 1\.5/)
    refused(-1, /got -1/)
    refused(Number.NaN, /got NaN/)
    refused({}, /^Invalid option "trustProxy": expected true\/false, a number of hops, .*; got an object/)
    refused(null, /got null/)
  })
})
