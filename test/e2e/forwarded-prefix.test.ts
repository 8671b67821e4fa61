// One app instance without a static root path published by nginx under /a/ and /b/, each location
// sending X-Forwarded-Prefix; the app trusts only 127.0.0.1 (test/proxies/nginx/forwarded-prefix.conf).
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { getJson, type RunningApp, type RunningProxy, request, startProxy } from '../lib/index.js'
import { checkDocsPage, SEED_SERVERS, startForwardedPrefixFixture } from './support.js'

let app: RunningApp
let proxy: RunningProxy

before(async () => {
  app = await startForwardedPrefixFixture()
  proxy = await startProxy({
    kind: 'nginx',
    template: 'nginx/forwarded-prefix.conf',
    name: 'nginx forwarded-prefix',
    values: { APP_PORT: app.port },
  })
})

after(async () => {
  await proxy?.stop()
  await app?.stop()
})

for (const prefix of ['/a', '/b']) {
  test(`nginx ${prefix}/ x forwarded prefix: GET ${prefix}/app reports root_path ${prefix}`, async () => {
    assert.deepEqual(await getJson(`${proxy.url}${prefix}/app`), {
      message: 'Hello World',
      root_path: prefix,
    })
  })

  test(`nginx ${prefix}/ x forwarded prefix: ${prefix}/openapi.json has ${prefix} as first server`, async () => {
    const doc = await getJson(`${proxy.url}${prefix}/openapi.json`)
    assert.deepEqual(doc.servers, [{ url: prefix }, ...SEED_SERVERS])
  })

  test(`nginx ${prefix}/ x forwarded prefix: ${prefix}/docs loads ${prefix}/openapi.json and all its assets`, async () => {
    await checkDocsPage(`${proxy.url}${prefix}/docs`, `${prefix}/openapi.json`)
  })

  test(`nginx ${prefix}/ x forwarded prefix: ${prefix}/redoc loads ${prefix}/openapi.json and all its assets`, async () => {
    await checkDocsPage(`${proxy.url}${prefix}/redoc`, `${prefix}/openapi.json`)
  })
}

test('nginx x forwarded prefix: interleaved /a and /b requests each see only their own prefix', async () => {
  const prefixes = Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? '/a' : '/b'))
  const results = await Promise.all(
    prefixes.map(async (prefix) => ({ prefix, doc: await getJson(`${proxy.url}${prefix}/openapi.json`) })),
  )
  for (const { prefix, doc } of results) assert.deepEqual(doc.servers, [{ url: prefix }, ...SEED_SERVERS])
})

test('nginx x forwarded prefix: a client cannot choose the prefix through the proxy', async () => {
  const headers = { 'X-Forwarded-Prefix': '/evil' }
  const doc = await getJson(`${proxy.url}/a/openapi.json`, { headers })
  assert.deepEqual(doc.servers, [{ url: '/a' }, ...SEED_SERVERS])
  assert.deepEqual(await getJson(`${proxy.url}/a/app`, { headers }), {
    message: 'Hello World',
    root_path: '/a',
  })
})

test('direct x forwarded prefix: an untrusted client sending X-Forwarded-Prefix straight to the app changes nothing', async () => {
  // Connect from 127.0.0.2: still loopback, but not the trusted 127.0.0.1.
  const untrusted = { localAddress: '127.0.0.2', headers: { 'X-Forwarded-Prefix': '/evil' } }
  const plain = { localAddress: '127.0.0.2' }
  assert.deepEqual(await getJson(`${app.url}/app`, untrusted), { message: 'Hello World', root_path: '' })
  const doc = await request(`${app.url}/openapi.json`, untrusted)
  const reference = await request(`${app.url}/openapi.json`, plain)
  assert.equal(doc.status, 200)
  assert.equal(doc.body, reference.body, 'the document must not depend on an untrusted header')
  assert.deepEqual(JSON.parse(doc.body).servers, SEED_SERVERS)
  const docs = await request(`${app.url}/docs`, untrusted)
  assert.equal(docs.status, 200)
  assert.ok(!docs.body.includes('evil'), 'the untrusted prefix must not reach the docs page')
  await checkDocsPage(`${app.url}/docs`, '/openapi.json')
})

test('direct x forwarded prefix: the trusted peer (127.0.0.1) is honoured, so the untrusted test is meaningful', async () => {
  const doc = await getJson(`${app.url}/openapi.json`, { headers: { 'X-Forwarded-Prefix': '/c' } })
  assert.deepEqual(doc.servers, [{ url: '/c' }, ...SEED_SERVERS])
})
