import assert from 'node:assert/strict'
import { after, describe, test } from 'node:test'
import { fixture, get, killAll, runCli, serve } from './helpers.js'

after(killAll)

// proxy-app wires the runtime into @portico/root-path and @portico/openapi as createApp does.
describe('portico run: proxy flags take effect in the app', () => {
  test('--root-path: both proxy styles reach the handler, request.rootPath and urlFor carry it', async () => {
    const { origin, banner } = await serve('proxy-app', ['--root-path', '/api/v1'])
    assert.match(
      banner,
      /^Portico running on http:\/\/127\.0\.0\.1:\d+\/api\/v1 \(docs: http:\/\/127\.0\.0\.1:\d+\/api\/v1\/docs\)$/,
    )
    for (const path of ['/app', '/api/v1/app']) {
      const res = await get(`${origin}${path}`)
      assert.equal(res.status, 200)
      assert.deepEqual(res.json(), { message: 'Hello World', root_path: '/api/v1', url: '/api/v1/app' })
    }
    const document = (await get(`${origin}/api/v1/openapi.json`)).json()
    assert.deepEqual(
      document.servers.map((s: { url: string }) => s.url),
      ['/api/v1', 'https://stag.example.com'],
    )
  })

  test('X-Forwarded-Prefix from 127.0.0.1 is honoured when --forwarded-allow-ips trusts it', async () => {
    const { origin } = await serve('proxy-app', ['--forwarded-prefix', '--forwarded-allow-ips', '127.0.0.1'])
    const res = await get(`${origin}/proxied/app`, { 'x-forwarded-prefix': '/proxied' })
    assert.equal(res.status, 200)
    assert.equal(res.json().root_path, '/proxied')
    assert.equal(res.json().url, '/proxied/app')
    const document = (await get(`${origin}/openapi.json`, { 'x-forwarded-prefix': '/proxied' })).json()
    assert.equal(document.servers[0].url, '/proxied')
  })

  test('X-Forwarded-Prefix from 127.0.0.1 is ignored when the allow list does not include it', async () => {
    const { origin } = await serve('proxy-app', ['--forwarded-prefix', '--forwarded-allow-ips', '10.0.0.0/8'])
    const res = await get(`${origin}/app`, { 'x-forwarded-prefix': '/proxied' })
    assert.equal(res.status, 200)
    assert.equal(res.json().root_path, '')
    assert.equal((await get(`${origin}/proxied/app`, { 'x-forwarded-prefix': '/proxied' })).status, 404)
  })

  test('X-Forwarded-Prefix is ignored without --forwarded-prefix, even from a trusted peer', async () => {
    const { origin } = await serve('proxy-app', ['--root-path', '/api/v1'])
    const res = await get(`${origin}/app`, { 'x-forwarded-prefix': '/proxied' })
    assert.equal(res.json().root_path, '/api/v1')
  })

  test("without --root-path the app's own root path is printed and listed by routes", async () => {
    const env = { FIXTURE_OWN_ROOT_PATH: '/own' }
    const { origin, banner } = await serve('proxy-app', [], env)
    assert.match(
      banner,
      /^Portico running on http:\/\/127\.0\.0\.1:\d+\/own \(docs: http:\/\/127\.0\.0\.1:\d+\/own\/docs\)$/,
    )
    assert.equal((await get(`${origin}/own/app`)).json().root_path, '/own')
    const routes = await runCli(['routes', fixture('proxy-app'), '--json'], env)
    const app = JSON.parse(routes.stdout).find((r: { path: string }) => r.path === '/app')
    assert.equal(app.fullPath, '/own/app')
  })

  test('--allowed-hosts: another Host gets 400, a listed or wildcard-matched one 200', async () => {
    const { origin } = await serve('proxy-app', ['--allowed-hosts', 'api.example.com,*.example.com'])
    const refused = await get(`${origin}/app`, { host: 'evil.example' })
    assert.equal(refused.status, 400)
    assert.equal(refused.json().code, 'PORTICO_ERR_ROOT_PATH_HOST_NOT_ALLOWED')
    for (const host of ['api.example.com', 'API.example.com:8443', 'eu.example.com']) {
      const res = await get(`${origin}/app`, { host })
      assert.equal(res.status, 200, host)
      assert.equal(res.json().message, 'Hello World')
    }
    // example.com itself is not a subdomain of example.com.
    assert.equal((await get(`${origin}/app`, { host: 'example.com' })).status, 400)
    const open = await serve('proxy-app')
    assert.equal((await get(`${open.origin}/app`, { host: 'evil.example' })).status, 200)
  })

  test('a Portico app with decorated controllers served with --root-path', async () => {
    const { origin, banner } = await serve('portico-app', ['--root-path', '/api/v1'])
    assert.match(banner, /\/api\/v1 \(docs: http:\/\/127\.0\.0\.1:\d+\/api\/v1\/docs\)$/)
    assert.deepEqual((await get(`${origin}/api/v1/app`)).json(), {
      message: 'Hello World',
      root_path: '/api/v1',
    })
    assert.deepEqual((await get(`${origin}/items/42`)).json(), { id: '42' })
  })
})
