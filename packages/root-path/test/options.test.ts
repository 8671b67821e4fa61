import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, test } from 'node:test'
import {
  type MountOptions,
  mount,
  ROOT_PATH_DEFAULTS,
  type RootPathOptions,
  resolveRootPathOptions,
  rootPath,
  rootPathRewriteUrl,
  serversFor,
} from '@portico/root-path'
import Fastify from 'fastify'

const PLUGIN_KEYS = 'rootPath, servers, rootPathInServers, forwardedPrefix'

describe('ROOT_PATH_DEFAULTS', () => {
  test('are the values the plugin and mount() use when an option is not given', async () => {
    assert.deepEqual({ ...resolveRootPathOptions() }, { ...ROOT_PATH_DEFAULTS.plugin })
    assert.deepEqual(ROOT_PATH_DEFAULTS.plugin, {
      rootPath: '',
      servers: [],
      rootPathInServers: true,
      forwardedPrefix: false,
    })
    assert.deepEqual(ROOT_PATH_DEFAULTS.mount, { servers: [], rootPathInServers: true, name: undefined })
    // mount()'s defaults as seen from inside: no servers of its own, <root><prefix> first.
    const app = Fastify({ rewriteUrl: rootPathRewriteUrl })
    await app.register(rootPath, { rootPath: '/api' })
    await app.register(
      mount(async (sub) => {
        sub.get('/servers', async (request) => serversFor(request))
      }),
      { prefix: '/sub' },
    )
    assert.deepEqual((await app.inject('/api/sub/servers')).json(), [{ url: '/api/sub' }])
  })

  test('are frozen, arrays included', () => {
    assert.ok(Object.isFrozen(ROOT_PATH_DEFAULTS))
    for (const entry of [ROOT_PATH_DEFAULTS.plugin, ROOT_PATH_DEFAULTS.mount]) {
      assert.ok(Object.isFrozen(entry))
      assert.ok(Object.isFrozen(entry.servers))
    }
    assert.throws(() => (ROOT_PATH_DEFAULTS.plugin.servers as unknown[]).push({ url: '/x' }))
  })

  test("are the defaults the README's options tables show, key for key", () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
    const section = (from: string, to: string) => readme.slice(readme.indexOf(from), readme.indexOf(to))
    const tableDefaults = (text: string) =>
      Object.fromEntries(
        [...text.matchAll(/^\| `(\w+)` +\| [^|]+\| `([^`]*)`/gm)].map((match) => [match[1], match[2]]),
      )
    const shown = (defaults: object) =>
      Object.fromEntries(
        Object.entries(defaults).map(([key, value]) => [
          key,
          value === undefined
            ? 'undefined'
            : typeof value === 'string'
              ? `'${value}'`
              : JSON.stringify(value),
        ]),
      )
    assert.deepEqual(tableDefaults(section('## Options', 'Mount options')), shown(ROOT_PATH_DEFAULTS.plugin))
    assert.deepEqual(tableDefaults(section('Mount options', '## Rules')), shown(ROOT_PATH_DEFAULTS.mount))
  })

  test('a resolved default servers list is the frozen default, not a copy a request could change', () => {
    assert.equal(resolveRootPathOptions().servers, ROOT_PATH_DEFAULTS.plugin.servers)
  })
})

describe('unknown option keys', () => {
  for (const key of ['root_path', 'rootpath', 'server', 'forwardedPrefixes', 'name']) {
    test(`plugin option "${key}" is rejected at registration, naming it and the known ones`, async () => {
      const app = Fastify({ rewriteUrl: rootPathRewriteUrl })
      await assert.rejects(
        async () => {
          await app.register(rootPath, { [key]: true } as RootPathOptions)
        },
        {
          code: 'PORTICO_ERR_ROOT_PATH_OPTION_UNKNOWN',
          message: `Unknown rootPath plugin option "${key}" (known: ${PLUGIN_KEYS})`,
        },
      )
      assert.throws(() => resolveRootPathOptions({ [key]: true } as RootPathOptions), {
        code: 'PORTICO_ERR_ROOT_PATH_OPTION_UNKNOWN',
      })
    })
  }

  test("Fastify's register options (prefix, logLevel, logSerializers) are accepted next to ours", async () => {
    const app = Fastify({ rewriteUrl: rootPathRewriteUrl })
    await app.register(rootPath, {
      rootPath: '/api',
      prefix: '/ignored',
      logLevel: 'warn',
      logSerializers: { req: () => 'req' },
    })
    app.get('/where', async (request) => request.rootPath)
    assert.equal((await app.inject('/api/where')).body, '/api')
  })

  test('options given as a function of the instance are checked too', async () => {
    const app = Fastify({ rewriteUrl: rootPathRewriteUrl })
    await assert.rejects(
      async () => {
        await app.register(rootPath, () => ({ rootpath: '/api' }) as RootPathOptions)
      },
      { code: 'PORTICO_ERR_ROOT_PATH_OPTION_UNKNOWN', message: /"rootpath"/ },
    )
  })

  test('what createApp passes (every known key, some undefined) is accepted', () => {
    const resolved = resolveRootPathOptions({
      rootPath: undefined,
      servers: undefined,
      rootPathInServers: undefined,
      forwardedPrefix: undefined,
    })
    assert.deepEqual({ ...resolved }, { ...ROOT_PATH_DEFAULTS.plugin })
  })

  for (const key of ['prefix', 'server', 'rootPath', 'forwardedPrefix', 'Name']) {
    test(`mount() option "${key}" is rejected when mount() is called, naming it and the known ones`, () => {
      assert.throws(() => mount(async () => {}, { [key]: '/x' } as MountOptions), {
        code: 'PORTICO_ERR_ROOT_PATH_OPTION_UNKNOWN',
        message: `Unknown mount() option "${key}" (known: servers, rootPathInServers, name)`,
      })
    })
  }

  test('every known mount() option is accepted', () => {
    assert.equal(
      typeof mount(async () => {}, { servers: [{ url: '/x' }], rootPathInServers: false, name: 'sub' }),
      'function',
    )
    assert.equal(typeof mount(async () => {}, {}), 'function')
    assert.equal(typeof mount(async () => {}), 'function')
  })
})

describe('options arguments that are not objects', () => {
  for (const bad of [null, 'x', 1, ['rootPath']]) {
    test(`plugin options ${JSON.stringify(bad)} and mount() options ${JSON.stringify(bad)} are rejected`, () => {
      assert.throws(() => resolveRootPathOptions(bad as never), {
        code: 'PORTICO_ERR_ROOT_PATH_OPTION_INVALID',
        message: 'Invalid option "options": must be an object',
      })
      assert.throws(() => mount(async () => {}, bad as never), {
        code: 'PORTICO_ERR_ROOT_PATH_OPTION_INVALID',
        message: 'Invalid option "mount.options": must be an object',
      })
    })
  }
})
