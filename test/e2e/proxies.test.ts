// Every proxy x scenario of issue 5: the examples behind nginx, Caddy (handle_path and handle), HAProxy
// (path rewrite or not) and Apache httpd (ProxyPass), each stripping /api/v1 and passing it through,
// one named test per combination.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { getJson, type RunningApp, type RunningProxy, request, startProxy } from '../lib/index.js'
import {
  checkDocsPage,
  checkPageAssets,
  PREFIX_PROXIES,
  type PrefixProxy,
  SEED_SERVERS,
  startPlainFastifyExample,
  startSeedExample,
  startSubApplicationsExample,
} from './support.js'

/** Proxies publishing an app under /api/v1. The app's config is the same behind all of them. */
const PROXIES = PREFIX_PROXIES

type AppName = 'seed' | 'sub-applications' | 'plain-fastify'

interface Check {
  name: string
  /** `base` is the proxy's URL, e.g. http://127.0.0.1:41234 */
  run(base: string): Promise<void>
}

const SCENARIOS: Record<AppName, Check[]> = {
  seed: [
    {
      name: 'GET /api/v1/app answers the seed JSON',
      async run(base) {
        assert.deepEqual(await getJson(`${base}/api/v1/app`), {
          message: 'Hello World',
          root_path: '/api/v1',
        })
      },
    },
    {
      name: 'GET /api/v1/app?q=1 keeps the query string and the prefix',
      async run(base) {
        assert.deepEqual(await getJson(`${base}/api/v1/app?q=1`), {
          message: 'Hello World',
          root_path: '/api/v1',
        })
      },
    },
    {
      name: '/api/v1/openapi.json lists exactly the configured servers',
      async run(base) {
        const doc = await getJson(`${base}/api/v1/openapi.json`)
        assert.deepEqual(doc.servers, SEED_SERVERS)
        assert.ok(doc.paths['/app']?.get, 'the document has GET /app')
      },
    },
    {
      name: '/api/v1/docs loads /api/v1/openapi.json and all its assets',
      async run(base) {
        await checkDocsPage(`${base}/api/v1/docs`, '/api/v1/openapi.json')
      },
    },
    {
      name: '/api/v1/redoc loads /api/v1/openapi.json and all its assets',
      async run(base) {
        await checkDocsPage(`${base}/api/v1/redoc`, '/api/v1/openapi.json')
      },
    },
  ],
  'sub-applications': [
    {
      name: 'GET /api/v1/app answers the main app',
      async run(base) {
        assert.deepEqual(await getJson(`${base}/api/v1/app`), {
          message: 'Hello World from main app',
          root_path: '/api/v1',
        })
      },
    },
    {
      name: 'GET /api/v1/subapi/sub answers the sub-application with root_path /api/v1/subapi',
      async run(base) {
        // Inside the mount, the root path is root + mount prefix.
        assert.deepEqual(await getJson(`${base}/api/v1/subapi/sub`), {
          message: 'Hello World from sub API',
          root_path: '/api/v1/subapi',
        })
      },
    },
    {
      name: '/api/v1/subapi/openapi.json: servers start with /api/v1/subapi, paths relative to the mount',
      async run(base) {
        const doc = await getJson(`${base}/api/v1/subapi/openapi.json`)
        assert.equal(doc.servers?.[0]?.url, '/api/v1/subapi', JSON.stringify(doc.servers))
        assert.deepEqual(Object.keys(doc.paths), ['/sub'])
      },
    },
    {
      name: '/api/v1/openapi.json: first server /api/v1, does not list the sub-application',
      async run(base) {
        const doc = await getJson(`${base}/api/v1/openapi.json`)
        assert.equal(doc.servers?.[0]?.url, '/api/v1', JSON.stringify(doc.servers))
        assert.deepEqual(Object.keys(doc.paths), ['/app'])
      },
    },
    {
      name: '/api/v1/subapi/docs loads /api/v1/subapi/openapi.json and all its assets',
      async run(base) {
        await checkDocsPage(`${base}/api/v1/subapi/docs`, '/api/v1/subapi/openapi.json')
      },
    },
    {
      name: '/api/v1/docs loads /api/v1/openapi.json and all its assets',
      async run(base) {
        await checkDocsPage(`${base}/api/v1/docs`, '/api/v1/openapi.json')
      },
    },
  ],
  'plain-fastify': [
    {
      name: 'GET /api/v1/app answers the seed JSON',
      async run(base) {
        assert.deepEqual(await getJson(`${base}/api/v1/app`), {
          message: 'Hello World',
          root_path: '/api/v1',
        })
      },
    },
    {
      name: '/api/v1/docs/json: /api/v1 first, then the configured servers',
      async run(base) {
        const doc = await getJson(`${base}/api/v1/docs/json`)
        assert.deepEqual(doc.servers, [{ url: '/api/v1' }, ...SEED_SERVERS])
      },
    },
    {
      name: '/api/v1/docs redirects to /api/v1/docs/, whose assets all answer 200',
      async run(base) {
        const redirect = await request(`${base}/api/v1/docs`)
        assert.equal(redirect.status, 302)
        assert.equal(redirect.headers.location, '/api/v1/docs/')
        const page = await request(`${base}/api/v1/docs/`)
        assert.equal(page.status, 200)
        await checkPageAssets(`${base}/api/v1/docs/`, page.body)
      },
    },
  ],
}

const START: Record<AppName, () => Promise<RunningApp>> = {
  seed: startSeedExample,
  'sub-applications': startSubApplicationsExample,
  'plain-fastify': startPlainFastifyExample,
}

const apps = new Map<AppName, Promise<RunningApp>>()
const proxies = new Map<string, Promise<RunningProxy>>()

function app(name: AppName): Promise<RunningApp> {
  let started = apps.get(name)
  if (!started) {
    started = START[name]()
    apps.set(name, started)
  }
  return started
}

/** The proxy `p` in front of app `a`, started once; a failure to start fails only its own tests. */
function proxy(p: PrefixProxy, a: AppName): Promise<RunningProxy> {
  const key = `${p.name} / ${a}`
  let started = proxies.get(key)
  if (!started) {
    started = app(a).then((running) =>
      startProxy({ kind: p.kind, template: p.template, name: key, values: { APP_PORT: running.port } }),
    )
    proxies.set(key, started)
  }
  return started
}

async function stopAll(): Promise<void> {
  const settled = await Promise.allSettled(proxies.values())
  await Promise.all(settled.map((s) => (s.status === 'fulfilled' ? s.value.stop() : undefined)))
  const running = await Promise.allSettled(apps.values())
  await Promise.all(running.map((s) => (s.status === 'fulfilled' ? s.value.stop() : undefined)))
}

before(async () => {
  // Start every app and proxy at once; each test awaits its own and reports its own failure.
  const all = PROXIES.flatMap((p) => (Object.keys(SCENARIOS) as AppName[]).map((a) => proxy(p, a)))
  await Promise.allSettled(all)
})
after(stopAll)

for (const p of PROXIES) {
  describe(p.name, () => {
    for (const [appName, checks] of Object.entries(SCENARIOS) as [AppName, Check[]][]) {
      for (const check of checks) {
        test(`${p.name} x ${appName}: ${check.name}`, async () => {
          const running = await proxy(p, appName)
          try {
            await check.run(running.url)
          } catch (error) {
            // Show how the proxy was configured and what it and the app logged.
            const appProcess = (await app(appName)).process
            ;(error as Error).message +=
              `\n--- proxy config\n${running.config}\n${running.process.describe()}\n${appProcess.describe()}`
            throw error
          }
        })
      }
    }
  })
}

test('a path outside /api/v1 is not sent to the app', async () => {
  for (const p of PROXIES) {
    const running = await proxy(p, 'seed')
    const res = await request(`${running.url}/app`)
    assert.notEqual(res.status, 200, `${p.name}: /app should not be published`)
  }
})

test('the examples exit 0 on SIGTERM', async () => {
  const settled = await Promise.allSettled(proxies.values())
  await Promise.all(settled.map((s) => (s.status === 'fulfilled' ? s.value.stop() : undefined)))
  for (const [name, started] of apps) {
    const running = await started
    const status = await running.stop()
    assert.deepEqual(status, { code: 0, signal: null }, `${name} on SIGTERM\n${running.process.describe()}`)
  }
})
