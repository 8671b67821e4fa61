import assert from 'node:assert/strict'
import { after, describe, test } from 'node:test'
import { fixture, killAll, runCli } from './helpers.js'

after(killAll)

describe('portico routes', () => {
  test('table: method, path without and with the root path, name, Controller.method, in docs', async () => {
    const { code, stdout, stderr } = await runCli(['routes', fixture('proxy-app'), '--root-path', '/api/v1'])
    assert.equal(code, 0, stderr)
    const lines = stdout.trimEnd().split('\n')
    assert.match(lines[0]!, /^METHOD\s+PATH\s+FULL PATH\s+NAME\s+HANDLER\s+IN DOCS$/)
    const rows = lines.slice(1).map((line) => line.split(/\s{2,}/))
    const byKey = new Map(rows.map((r) => [`${r[0]} ${r[1]}`, r]))
    assert.deepEqual(byKey.get('GET /app'), [
      'GET',
      '/app',
      '/api/v1/app',
      'read_main',
      'AppController.readMain',
      'yes',
    ])
    assert.deepEqual(byKey.get('GET /items/:id'), [
      'GET',
      '/items/:id',
      '/api/v1/items/:id',
      'read_item',
      'ItemsController.read',
      'yes',
    ])
    assert.deepEqual(byKey.get('GET /subapi/sub'), [
      'GET',
      '/subapi/sub',
      '/api/v1/subapi/sub',
      'read_sub',
      'SubController.readSub',
      'yes', // in the sub-application's own document
    ])
    assert.equal(byKey.get('GET /subapi/openapi.json')?.[5], 'no')
    assert.deepEqual(byKey.get('POST /items'), ['POST', '/items', '/api/v1/items', '-', 'createItem', 'no'])
    assert.deepEqual(byKey.get('GET /openapi.json')?.slice(0, 3), [
      'GET',
      '/openapi.json',
      '/api/v1/openapi.json',
    ])
    assert.equal(byKey.get('GET /openapi.json')?.[5], 'no')
    assert.ok(!rows.some((r) => r[0] === 'HEAD'), 'HEAD duplicates hidden by default')
  })

  test('--include-head lists the HEAD routes Fastify adds; --json gives the rows as data', async () => {
    const { code, stdout } = await runCli(['routes', fixture('proxy-app'), '--include-head', '--json'])
    assert.equal(code, 0)
    const rows = JSON.parse(stdout) as Array<Record<string, unknown>>
    assert.deepEqual(
      rows.filter((r) => r.path === '/app'),
      [
        {
          method: 'GET',
          path: '/app',
          fullPath: '/app',
          name: 'read_main',
          handler: 'AppController.readMain',
          inDocument: true,
        },
        {
          method: 'HEAD',
          path: '/app',
          fullPath: '/app',
          name: 'read_main',
          handler: 'AppController.readMain',
          inDocument: false,
        },
      ],
    )
  })

  test('plain @fastify/swagger: top-level and plugin routes, regex params, hidden routes', async () => {
    const { code, stdout, stderr } = await runCli(['routes', fixture('swagger-app'), '--json'])
    assert.equal(code, 0, stderr)
    const rows = (JSON.parse(stdout) as Array<Record<string, unknown>>).map((r) => [
      r.method,
      r.path,
      r.handler,
      r.inDocument,
    ])
    assert.deepEqual(rows, [
      ['GET', '/health', 'health', true],
      ['DELETE', '/users/:id', 'deleteUser', false],
      ['GET', '/users/:id(^\\d+)', 'readUser', true],
    ])
  })

  test('an app without a document says so with "-"', async () => {
    const { code, stdout } = await runCli(['routes', fixture('instance-app')])
    assert.equal(code, 0)
    assert.deepEqual(
      stdout
        .trimEnd()
        .split('\n')[1]!
        .split(/\s{2,}/),
      ['GET', '/hello', '/hello', '-', '-', '-'],
    )
  })

  test('a Portico app: names and Controller.method come from @portico/core route config', async () => {
    const { code, stdout, stderr } = await runCli([
      'routes',
      fixture('portico-app'),
      '--root-path',
      '/api/v1',
      '--json',
    ])
    assert.equal(code, 0, stderr)
    const rows = (JSON.parse(stdout) as Array<Record<string, unknown>>).filter((r) =>
      String(r.handler).includes('.'),
    )
    assert.deepEqual(rows, [
      {
        method: 'GET',
        path: '/app',
        fullPath: '/api/v1/app',
        name: 'read_main',
        handler: 'AppController.readMain',
        inDocument: true,
      },
      {
        method: 'GET',
        path: '/items/:id',
        fullPath: '/api/v1/items/:id',
        name: 'items.read',
        handler: 'ItemsController.read',
        inDocument: true,
      },
    ])
  })
})
