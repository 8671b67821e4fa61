import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import {
  parseAllowedHosts,
  parseAllowIps,
  parseFlags,
  parseHost,
  parsePort,
  parseRootPath,
  parseWorkers,
  RUN_FLAGS,
} from '@portico/cli'

// Unit tests of the value parsers and of flag/env precedence (the binary's tests cover the messages).
describe('flag values', () => {
  test('--forwarded-allow-ips: IPv4/IPv6 addresses and CIDRs, proxy-addr names, * anywhere in the list', () => {
    assert.deepEqual(parseAllowIps(' 10.0.0.1 , fd00::/8,loopback', 'x'), [
      '10.0.0.1',
      'fd00::/8',
      'loopback',
    ])
    assert.equal(parseAllowIps('10.0.0.1,*', 'x'), true)
    for (const bad of ['', ',', '10.0.0.256', '::g', 'fd00::/129', 'example.com', '10.0.0.0/8/8']) {
      assert.throws(
        () => parseAllowIps(bad, '--forwarded-allow-ips'),
        { code: 'PORTICO_ERR_CLI_OPTION_INVALID' },
        bad,
      )
    }
  })

  test('--allowed-hosts: comma-separated, trimmed, empty entries ignored, validated by @portico/root-path', () => {
    assert.deepEqual(parseAllowedHosts('api.example.com,*.example.com', 'x'), [
      'api.example.com',
      '*.example.com',
    ])
    assert.deepEqual(parseAllowedHosts(' example.com ,, 127.0.0.1,[::1],', 'x'), [
      'example.com',
      '127.0.0.1',
      '[::1]',
    ])
    assert.deepEqual(parseAllowedHosts('*', 'x'), ['*'])
    for (const bad of [
      '',
      ' , ',
      'example.com:80',
      'http://example.com',
      'example.com/a',
      '*.',
      'a b',
      '*.[::1]',
    ]) {
      assert.throws(
        () => parseAllowedHosts(bad, '--allowed-hosts'),
        (error: Error & { code?: string }) =>
          error.code === 'PORTICO_ERR_CLI_OPTION_INVALID' && error.message.startsWith('--allowed-hosts '),
        bad,
      )
    }
    assert.throws(() => parseAllowedHosts('ok.example,bad:1', '--allowed-hosts'), /invalid host "bad:1"/)
    const { values, explicit } = parseFlags('run', RUN_FLAGS, ['m.js'], {
      PORTICO_ALLOWED_HOSTS: 'a.example,b.example',
    })
    assert.deepEqual(values['allowed-hosts'], ['a.example', 'b.example'])
    assert.ok(explicit.has('allowed-hosts'))
    const none = parseFlags('run', RUN_FLAGS, ['m.js'], {})
    assert.equal(none.values['allowed-hosts'], undefined)
    assert.ok(!none.explicit.has('allowed-hosts'))
  })

  test('--port, --workers, --host', () => {
    assert.equal(parsePort('0', 'x'), 0)
    assert.equal(parsePort('65535', 'x'), 65535)
    for (const bad of ['65536', '-1', '1e3', '80.5', 'http', ''])
      assert.throws(() => parsePort(bad, 'x'), bad)
    assert.equal(parseWorkers('4', 'x'), 4)
    for (const bad of ['0', '-2', '2.0', 'two']) assert.throws(() => parseWorkers(bad, 'x'), bad)
    assert.equal(parseHost('[::1]', 'x'), '::1')
    assert.equal(parseHost('0.0.0.0', 'x'), '0.0.0.0')
    assert.equal(parseHost('app.internal', 'x'), 'app.internal')
    for (const bad of ['', 'a b', 'http://x', 'host/path']) assert.throws(() => parseHost(bad, 'x'), bad)
  })

  test('--root-path follows @portico/root-path: normalised, hostile values refused', () => {
    assert.equal(parseRootPath('/api/v1/', 'x'), '/api/v1')
    assert.equal(parseRootPath('/', 'x'), '')
    for (const bad of [
      'api',
      '//evil.example',
      '/a/../b',
      '/a?b',
      '/a#b',
      '/a\\b',
      'https://x/a',
      '/a\u0000',
    ]) {
      assert.throws(() => parseRootPath(bad, '--root-path'), { code: 'PORTICO_ERR_CLI_OPTION_INVALID' }, bad)
    }
  })

  test('flags win over PORTICO_* which win over HOST/PORT; defaults otherwise; explicit tracks both', () => {
    const env = { PORTICO_PORT: '9000', PORT: '7000', HOST: '0.0.0.0', PORTICO_ROOT_PATH: '/env' }
    const parsed = parseFlags('run', RUN_FLAGS, ['m.js', '--root-path', '/flag'], env)
    assert.equal(parsed.values.port, 9000)
    assert.equal(parsed.values.host, '0.0.0.0')
    assert.equal(parsed.values['root-path'], '/flag')
    assert.deepEqual(parsed.values['forwarded-allow-ips'], ['127.0.0.1'])
    assert.equal(parsed.values.workers, 1)
    assert.equal(parsed.values['log-level'], 'info')
    assert.deepEqual([...parsed.explicit].sort(), ['host', 'port', 'root-path'])
    assert.equal(parseFlags('run', RUN_FLAGS, ['m.js'], { PORT: '7000' }).values.port, 7000)
    assert.equal(parseFlags('run', RUN_FLAGS, ['m.js'], { PORT: '' }).values.port, 8000)
  })
})
