import assert from 'node:assert/strict'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, test } from 'node:test'
import { parse } from 'yaml'
import { fixture, get, killAll, runCli, serve } from './helpers.js'

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

  test('plain @fastify/swagger apps get app.swagger()', async () => {
    const { code, stdout } = await runCli(['openapi', fixture('swagger-app')])
    assert.equal(code, 0)
    const document = JSON.parse(stdout)
    assert.equal(document.info.title, 'Swagger fixture')
    assert.ok(document.paths['/health'].get)
  })
})
