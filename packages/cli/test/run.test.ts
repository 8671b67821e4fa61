import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { readFile, stat } from 'node:fs/promises'
import { after, describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { BIN, fixture, get, killAll, PACKAGE_DIR, serve } from './helpers.js'

after(killAll)

describe('portico run', () => {
  test('serves the app a factory builds, with the runtime defaults', async () => {
    const { origin, banner } = await serve('factory-app')
    assert.match(banner, /^Portico running on http:\/\/127\.0\.0\.1:\d+$/)
    const res = await get(`${origin}/app`)
    assert.equal(res.status, 200)
    assert.deepEqual(res.json().runtime, {
      trustProxy: ['127.0.0.1'],
      forwardedPrefix: false,
      logger: { level: 'warn', stream: {} },
      accessLog: false,
    })
  })

  test('flags reach the factory: root path (normalised), forwarded prefix, allow list', async () => {
    const { origin, banner } = await serve('factory-app', [
      '--root-path',
      '/api/v1/',
      '--forwarded-prefix',
      '--forwarded-allow-ips',
      '10.0.0.0/8, 127.0.0.1',
    ])
    assert.match(banner, /^Portico running on http:\/\/127\.0\.0\.1:\d+\/api\/v1$/)
    const { runtime } = (await get(`${origin}/app`)).json()
    assert.deepEqual(runtime, {
      rootPath: '/api/v1',
      trustProxy: ['10.0.0.0/8', '127.0.0.1'],
      forwardedPrefix: true,
      logger: { level: 'warn', stream: {} },
      accessLog: false,
    })
  })

  test('--allowed-hosts reaches the factory as allowedHosts (empty entries dropped)', async () => {
    const { origin } = await serve('factory-app', ['--allowed-hosts', 'api.example.com,,*.example.com'])
    const { runtime } = (await get(`${origin}/app`)).json()
    assert.deepEqual(runtime.allowedHosts, ['api.example.com', '*.example.com'])
    const fromEnv = await serve('factory-app', [], { PORTICO_ALLOWED_HOSTS: 'env.example' })
    assert.deepEqual((await get(`${fromEnv.origin}/app`)).json().runtime.allowedHosts, ['env.example'])
    const flagWins = await serve('factory-app', ['--allowed-hosts', 'flag.example'], {
      PORTICO_ALLOWED_HOSTS: 'env.example',
    })
    assert.deepEqual((await get(`${flagWins.origin}/app`)).json().runtime.allowedHosts, ['flag.example'])
  })

  test('environment variables mirror the flags, PORT/HOST work, and flags win', async () => {
    const { origin } = await serve('factory-app', ['--root-path', '/flag'], {
      PORTICO_ROOT_PATH: '/env',
      PORTICO_FORWARDED_ALLOW_IPS: '*',
      PORTICO_FORWARDED_PREFIX: 'true',
      HOST: '127.0.0.1',
      PORT: '1', // --port 0 (given by serve) wins over PORT
    })
    const { runtime } = (await get(`${origin}/app`)).json()
    assert.equal(runtime.rootPath, '/flag')
    assert.equal(runtime.trustProxy, true)
    assert.equal(runtime.forwardedPrefix, true)
  })

  test('--forwarded-allow-ips decides whether X-Forwarded-For from 127.0.0.1 is believed', async () => {
    const trusted = await serve('factory-app', ['--forwarded-allow-ips', '127.0.0.1'])
    const untrusted = await serve('factory-app', ['--forwarded-allow-ips', '10.1.2.3,192.168.0.0/16'])
    const headers = { 'x-forwarded-for': '203.0.113.7' }
    assert.equal((await get(`${trusted.origin}/app`, headers)).json().ip, '203.0.113.7')
    assert.equal((await get(`${untrusted.origin}/app`, headers)).json().ip, '127.0.0.1')
  })

  test('a built instance as the default export, and the named export `app` with its pino logger', async () => {
    const instance = await serve('instance-app', [], {}, { quiet: false })
    assert.deepEqual((await get(`${instance.origin}/hello`)).json(), { hello: 'world' })
    const named = await serve('named-app-export', ['--log-level', 'silent'])
    assert.deepEqual((await get(`${named.origin}/named`)).json(), { export: 'app' })
  })

  test('the binary starts with a node shebang; the installed launcher bin/portico.js runs it', async () => {
    const text = await readFile(BIN, 'utf8')
    assert.ok(text.startsWith('#!/usr/bin/env node\n'))
    const launcher = fileURLToPath(new URL('../bin/portico.js', import.meta.url))
    assert.ok((await stat(launcher)).mode & 0o111, 'launcher is executable')
    const result = spawnSync(launcher, ['routes', fixture('instance-app')], {
      cwd: PACKAGE_DIR,
      encoding: 'utf8',
    })
    assert.equal(result.status, 0, result.stderr)
    assert.match(result.stdout, /^GET\s+\/hello\s+\/hello\s/m)
  })
})
