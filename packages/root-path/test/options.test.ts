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

const PLUGIN_KEYS =
  'rootPath, servers, rootPathInServers, forwardedPrefix, redirectSlashes, methodNotAllowed, allowedHosts'

describe('ROOT_PATH_DEFAULTS', () => {
  test('are the values the plugin and mount() use when an option is not given', async () => {
    // redirectSlashes: true resolves to its object form with that form's defaults; allowedHosts ['*']
    // (any host) to no check at all.
    assert.deepEqual(
      { ...resolveRootPathOptions() },
      {
        ...ROOT_PATH_DEFAULTS.plugin,
        redirectSlashes: ROOT_PATH_DEFAULTS.redirectSlashes,
        allowedHosts: undefined,
      },
    )
    assert.deepEqual(ROOT_PATH_DEFAULTS.plugin, {
      rootPath: '',
      servers: [],
      rootPathInServers: true,
      forwardedPrefix: false,
      redirectSlashes: true,
      methodNotAllowed: true,
      allowedHosts: ['*'],
    })
    assert.deepEqual(ROOT_PATH_DEFAULTS.redirectSlashes, { absolute: false })
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
    assert.ok(Object.isFrozen(ROOT_PATH_DEFAULTS.redirectSlashes))
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
      redirectSlashes: undefined,
      methodNotAllowed: undefined,
      allowedHosts: undefined,
    })
    assert.deepEqual(
      { ...resolved },
      {
        ...ROOT_PATH_DEFAULTS.plugin,
        redirectSlashes: ROOT_PATH_DEFAULTS.redirectSlashes,
        allowedHosts: undefined,
      },
    )
  })

  test('redirectSlashes takes a boolean or { absolute }, and its object form rejects unknown keys', () => {
    assert.equal(resolveRootPathOptions({ redirectSlashes: false }).redirectSlashes, false)
    assert.deepEqual(resolveRootPathOptions({ redirectSlashes: true }).redirectSlashes, { absolute: false })
    assert.deepEqual(resolveRootPathOptions({ redirectSlashes: {} }).redirectSlashes, { absolute: false })
    assert.deepEqual(resolveRootPathOptions({ redirectSlashes: { absolute: true } }).redirectSlashes, {
      absolute: true,
    })
    assert.throws(() => resolveRootPathOptions({ redirectSlashes: { absolut: true } as never }), {
      code: 'PORTICO_ERR_ROOT_PATH_OPTION_UNKNOWN',
      message: 'Unknown redirectSlashes option "absolut" (known: absolute)',
    })
    for (const bad of ['yes', 1, null, []]) {
      assert.throws(() => resolveRootPathOptions({ redirectSlashes: bad as never }), {
        code: 'PORTICO_ERR_ROOT_PATH_OPTION_INVALID',
        message: 'Invalid option "redirectSlashes": must be a boolean or { absolute: boolean }',
      })
    }
    assert.throws(() => resolveRootPathOptions({ redirectSlashes: { absolute: 'yes' as never } }), {
      code: 'PORTICO_ERR_ROOT_PATH_OPTION_INVALID',
      message: 'Invalid option "redirectSlashes.absolute": must be a boolean',
    })
    assert.throws(() => resolveRootPathOptions({ methodNotAllowed: 'no' as never }), {
      code: 'PORTICO_ERR_ROOT_PATH_OPTION_INVALID',
      message: 'Invalid option "methodNotAllowed": must be a boolean',
    })
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
