import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, test } from 'node:test'
import { parse } from 'yaml'
import { fixture, get, killAll, PACKAGE_DIR, runCli, serve } from './helpers.js'

after(killAll)

describe('portico openapi', () => {
  test('writes the document as served for the root path: JSON on stdout, identical to GET /openapi.json', async () => {
    const { code, stdout, stderr } = await runCli(['openapi', fixture('proxy-app'), '--root-path', '/api/v1'])
    assert.equal(code, 0, stderr)
    const document = JSON.parse(stdout)
    assert.equal(document.openapi, '3.1.0')
    assert.deepEqual(document.servers, [
      { url: '/api/v1' },
      { url: 'https://stag.example.com', description: 'Staging environment' },
    ])
    assert.deepEqual(Object.keys(document.paths).sort(), ['/app', '/items/{id}'])
    const { origin } = await serve('proxy-app', ['--root-path', '/api/v1'])
    assert.deepEqual((await get(`${origin}/openapi.json`)).json(), document)
    // The mounted sub-application's routes are in its own document, not in this one.
    const sub = (await get(`${origin}/api/v1/subapi/openapi.json`)).json()
    assert.deepEqual(Object.keys(sub.paths), ['/sub'])
    assert.equal(sub.servers[0].url, '/api/v1/subapi')
  })

  test('without a root path the servers are the configured ones', async () => {
    const { stdout } = await runCli(['openapi', fixture('proxy-app')])
    assert.deepEqual(JSON.parse(stdout).servers, [
      { url: 'https://stag.example.com', description: 'Staging environment' },
    ])
  })

  test('--yaml --out writes YAML to a file', async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'portico-cli-'))
    t.after(() => rm(dir, { recursive: true, force: true }))
    const out = join(dir, 'openapi.yaml')
    const { code, stdout, stderr } = await runCli([
      'openapi',
      fixture('proxy-app'),
      '--root-path',
      '/api/v1',
      '--yaml',
      '--out',
      out,
    ])
    assert.equal(code, 0, stderr)
    assert.equal(stdout, '')
    const text = await readFile(out, 'utf8')
    assert.match(text, /^openapi: 3\.1\.0\n/)
    const document = parse(text)
    assert.equal(document.servers[0].url, '/api/v1')
    assert.equal(document.paths['/app'].get.operationId, 'AppController_readMain')
  })

  test('a Portico app: the document a request under the root path gets', async () => {
    const { code, stdout, stderr } = await runCli([
      'openapi',
      fixture('portico-app'),
      '--root-path',
      '/api/v1',
    ])
    assert.equal(code, 0, stderr)
    const document = JSON.parse(stdout)
    assert.deepEqual(document.servers, [{ url: '/api/v1' }])
    assert.deepEqual(Object.keys(document.paths).sort(), ['/app', '/items/{id}'])
    const { origin } = await serve('portico-app', ['--root-path', '/api/v1'])
    assert.deepEqual((await get(`${origin}/api/v1/openapi.json`)).json(), document)
  })

  test('openapiUrl: null (no route serves it): the generated document, and a note on stderr', async () => {
    const { code, stdout, stderr } = await runCli(
      ['openapi', fixture('portico-app'), '--root-path', '/api/v1'],
      {
        FIXTURE_NO_OPENAPI_URL: '1',
      },
    )
    assert.equal(code, 0, stderr)
    const document = JSON.parse(stdout)
    assert.equal(document.info.title, 'Portico fixture')
    assert.deepEqual(Object.keys(document.paths).sort(), ['/app', '/items/{id}'])
    assert.match(stderr, /openapiUrl: null; writing the generated document/)
  })

  test('plain @fastify/swagger: the document as the route that serves its JSON answers it (servers included)', async () => {
    const { code, stdout, stderr } = await runCli(['openapi', fixture('swagger-served-app')])
    assert.equal(code, 0, stderr)
    const document = JSON.parse(stdout)
    assert.equal(document.info.title, 'Served swagger fixture')
    assert.deepEqual(document.servers, [
      { url: '/api/v1' },
      { url: 'https://stag.example.com', description: 'Staging environment' },
    ])
    assert.ok(document.paths['/app'].get)
    assert.equal(stderr, '')
    const { origin } = await serve('swagger-served-app')
    assert.deepEqual((await get(`${origin}/api/v1/reference/json`)).json(), document)
    assert.deepEqual((await get(`${origin}/reference/json`)).json(), document)
  })

  test('plain @fastify/swagger with --root-path: servers follow it', async () => {
    const { code, stdout, stderr } = await runCli([
      'openapi',
      fixture('swagger-served-app'),
      '--root-path',
      '/edge',
    ])
    assert.equal(code, 0, stderr)
    assert.deepEqual(JSON.parse(stdout).servers, [
      { url: '/edge' },
      { url: 'https://stag.example.com', description: 'Staging environment' },
    ])
  })

  test('the plain-Fastify example (@fastify/swagger-ui): its served servers', async () => {
    const example = join(PACKAGE_DIR, '../../examples/plain-fastify/dist/main.js')
    assert.ok(existsSync(example), `${example} is missing: build the workspace first (pnpm build)`)
    const { code, stdout, stderr } = await runCli(['openapi', example])
    assert.equal(code, 0, stderr)
    const document = JSON.parse(stdout)
    assert.deepEqual(
      document.servers.map((server: { url: string }) => server.url),
      ['/api/v1', 'https://stag.example.com', 'https://prod.example.com'],
    )
    assert.ok(document.paths['/app'].get)
  })

  test('plain @fastify/swagger without a JSON route: app.swagger(), and a note on stderr', async () => {
    const { code, stdout, stderr } = await runCli(['openapi', fixture('swagger-app')])
    assert.equal(code, 0)
    const document = JSON.parse(stdout)
    assert.equal(document.info.title, 'Swagger fixture')
    assert.ok(document.paths['/health'].get)
    assert.match(stderr, /no GET route of the app answers its @fastify\/swagger document/)
  })
})
