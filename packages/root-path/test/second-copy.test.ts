import assert from 'node:assert/strict'
import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { fileURLToPath, pathToFileURL } from 'node:url'
import * as first from '@portico/root-path'
import Fastify, { type FastifyInstance } from 'fastify'
import { PROXY } from './helpers.js'

type RootPathModule = typeof import('@portico/root-path')

// A second install of this package, as a globally installed `portico` CLI has next to the app's:
// the bundled files copied to another directory, inside this package so that their bare imports
// (fastify, fastify-plugin...) resolve as the first copy's do. A query string on the entry alone
// (`bundle/index.js?copy=2`) would not do: Node evaluates only that file again, and the chunks it
// may import are the first copy's.
let directory: string
let second: RootPathModule

before(async () => {
  directory = mkdtempSync(fileURLToPath(new URL('./second-copy-', import.meta.url)))
  cpSync(fileURLToPath(new URL('../bundle/', import.meta.url)), directory, {
    recursive: true,
    filter: (source) => !source.endsWith('.tsbuildinfo'),
  })
  second = (await import(`${pathToFileURL(join(directory, 'index.js')).href}?copy=2`)) as RootPathModule
})

after(() => rmSync(directory, { recursive: true, force: true }))

/** An app built with the first copy only, whose handlers ask the second copy. */
async function firstCopyApp(
  options: first.RootPathOptions = { rootPath: '/api/v1' },
  fastifyOptions = {},
): Promise<FastifyInstance> {
  const app = Fastify({ rewriteUrl: first.rootPathRewriteUrl, ...fastifyOptions })
  await app.register(first.rootPath, options)
  app.get('/items/:id', { config: { name: 'item' } }, async () => 'item')
  app.get('/links', async (request) => ({
    rootPath: request.rootPath,
    item: second.urlFor(request, 'item', { id: 7 }),
    thing: second.urlFor(request, 'sub:thing'),
    external: second.externalPath(request, '/docs/'),
    servers: second.serversFor(request),
    hook: second.rootPathServeHook(request) ?? null,
  }))
  await app.register(
    first.mount(
      async (sub) => {
        sub.get('/thing', { config: { name: 'thing' } }, async (request) => ({
          rootPath: request.rootPath,
          thing: second.urlFor(request, 'thing'),
          item: second.urlFor(request, 'item', { id: 8 }),
          servers: second.serversFor(request),
        }))
      },
      { name: 'sub', servers: [{ url: 'https://sub.example.com' }] },
    ),
    { prefix: '/sub' },
  )
  return app
}

describe('a second copy of the package', () => {
  test('is a module instance of its own (functions and error classes differ)', () => {
    assert.notEqual(second.rootPathOf, first.rootPathOf)
    assert.notEqual(second.urlFor, first.urlFor)
    assert.notEqual(second.PORTICO_ERR_ROOT_PATH_INVALID, first.PORTICO_ERR_ROOT_PATH_INVALID)
  })

  test('reads the root path of an app registered with the first copy (rootPathOf)', async () => {
    const app = await firstCopyApp()
    await app.ready()
    assert.equal(second.rootPathOf(app), '/api/v1')
    assert.equal(first.rootPathOf(app), '/api/v1')
    assert.equal(second.rootPathOf(Fastify()), '')
  })

  test('generates URLs and servers from the scopes the first copy keeps (app and mount)', async () => {
    const app = await firstCopyApp()
    assert.deepEqual((await app.inject('/api/v1/links')).json(), {
      rootPath: '/api/v1',
      item: '/api/v1/items/7',
      thing: '/api/v1/sub/thing',
      external: '/api/v1/docs/',
      servers: [{ url: '/api/v1' }],
      hook: { basePath: '/api/v1', servers: [{ url: '/api/v1' }] },
    })
    assert.deepEqual((await app.inject('/sub/thing')).json(), {
      rootPath: '/api/v1/sub',
      thing: '/api/v1/sub/thing',
      item: '/api/v1/items/8',
      servers: [{ url: '/api/v1/sub' }, { url: 'https://sub.example.com' }],
    })
  })

  test("sees the forwarded prefix the first copy's rewriter stored on the request", async () => {
    const app = await firstCopyApp({ rootPath: '/api/v1', forwardedPrefix: true }, { trustProxy: PROXY })
    const response = await app.inject({
      url: '/edge/links',
      remoteAddress: PROXY,
      headers: { 'x-forwarded-prefix': '/edge' },
    })
    const body = response.json()
    assert.equal(body.item, '/edge/items/7')
    assert.equal(body.external, '/edge/docs/')
    assert.deepEqual(body.hook, {
      basePath: '/edge',
      servers: [{ url: '/edge' }],
      vary: ['X-Forwarded-Prefix'],
    })
  })

  test("its plugin and mount() work with the first copy's rewriter, and the other way round", async () => {
    const app = Fastify({ rewriteUrl: first.rootPathRewriteUrl })
    await app.register(second.rootPath, { rootPath: '/api' })
    await app.register(
      first.mount(async (sub) => {
        sub.get('/where', async (request) => ({
          rootPath: request.rootPath,
          self: first.urlFor(request, 'w'),
        }))
        sub.get('/w', { config: { name: 'w' } }, async () => 'w')
      }),
      { prefix: '/sub' },
    )
    assert.equal(first.rootPathOf(app), '/api')
    assert.deepEqual((await app.inject('/api/sub/where')).json(), {
      rootPath: '/api/sub',
      self: '/api/sub/w',
    })

    const other = Fastify({ rewriteUrl: second.rootPathRewriteUrl })
    await other.register(first.rootPath, { rootPath: '/api' })
    await other.register(
      second.mount(async (sub) => sub.get('/where', async (request) => request.rootPath)),
      {
        prefix: '/sub',
      },
    )
    assert.equal((await other.inject('/api/sub/where')).body, '/api/sub')
  })

  test('a second registration through the other copy is still refused', async () => {
    const app = Fastify({ rewriteUrl: first.rootPathRewriteUrl })
    await app.register(first.rootPath, {})
    await assert.rejects(
      async () => {
        await app.register(second.rootPath, {})
      },
      { code: 'PORTICO_ERR_ROOT_PATH_REGISTRATION_INVALID' },
    )
  })
})
