// What the e2e tests run and check, shared by the test files.
import assert from 'node:assert/strict'
import {
  docsPageRefs,
  fixturePath,
  getJson,
  type ProxyKind,
  type RunningApp,
  request,
  startApp,
  startExample,
} from '../lib/index.js'

/** examples/behind-a-proxy: the seed (rootPath /api/v1, staging + production servers, rootPathInServers false). */
export function startSeedExample(): Promise<RunningApp> {
  return startExample('behind-a-proxy')
}

/** examples/sub-applications: main app with /app, sub-application at /subapi with /sub, rootPath /api/v1. */
export function startSubApplicationsExample(): Promise<RunningApp> {
  return startExample('sub-applications')
}

/** examples/plain-fastify: the root-path plugin with @fastify/swagger(-ui), rootPath /api/v1. */
export function startPlainFastifyExample(): Promise<RunningApp> {
  return startExample('plain-fastify')
}

/** Fixture: the seed's app and servers with the default rootPathInServers (the root path is the first server). */
export function startSeedInServersFixture(): Promise<RunningApp> {
  return startApp('fixture seed-in-servers', fixturePath('portico-app'), { FIXTURE: 'seed-in-servers' })
}

/** Fixture: no static root path, forwarded prefixes enabled, trustProxy '127.0.0.1' only. */
export function startForwardedPrefixFixture(): Promise<RunningApp> {
  return startApp('fixture forwarded-prefix', fixturePath('portico-app'), { FIXTURE: 'forwarded-prefix' })
}

/** WebSocket fixture: rootPath /api/v1 and a plain Fastify WebSocket route /ws (see fixtures/websocket-app.ts). */
export function startWebSocketFixture(): Promise<RunningApp> {
  return startApp('fixture websocket', fixturePath('websocket-app'))
}

/** WebSocket fixture with forwarded prefixes instead of a static root path (trustProxy '127.0.0.1' only). */
export function startWebSocketForwardedPrefixFixture(): Promise<RunningApp> {
  return startApp('fixture websocket forwarded-prefix', fixturePath('websocket-app'), {
    FIXTURE: 'forwarded-prefix',
  })
}

/** A proxy config in test/proxies publishing an app under /api/v1. */
export interface PrefixProxy {
  name: string
  kind: ProxyKind
  template: string
  /** Whether the proxy removes /api/v1 before the app sees the path (else it passes the path through). */
  strips: boolean
}

/**
 * Every proxy x style publishing an app under /api/v1: each proxy stripping the prefix and passing it
 * through. The app's config (rootPath '/api/v1') is the same behind all of them.
 */
export const PREFIX_PROXIES: PrefixProxy[] = [
  { name: 'nginx strip', kind: 'nginx', template: 'nginx/strip.conf', strips: true },
  { name: 'nginx passthrough', kind: 'nginx', template: 'nginx/passthrough.conf', strips: false },
  {
    name: 'caddy handle_path (strips)',
    kind: 'caddy',
    template: 'caddy/handle_path.Caddyfile',
    strips: true,
  },
  { name: 'caddy handle (passes through)', kind: 'caddy', template: 'caddy/handle.Caddyfile', strips: false },
  { name: 'haproxy replace-path (strips)', kind: 'haproxy', template: 'haproxy/strip.cfg', strips: true },
  { name: 'haproxy passthrough', kind: 'haproxy', template: 'haproxy/passthrough.cfg', strips: false },
  { name: 'apache strip', kind: 'apache', template: 'apache/strip.conf', strips: true },
  { name: 'apache passthrough', kind: 'apache', template: 'apache/passthrough.conf', strips: false },
]

/** Every proxy publishing one app under /a/ and /b/ with X-Forwarded-Prefix (each prefix stripped). */
export const FORWARDED_PREFIX_PROXIES: { name: string; kind: ProxyKind; template: string }[] = [
  { name: 'nginx', kind: 'nginx', template: 'nginx/forwarded-prefix.conf' },
  { name: 'caddy', kind: 'caddy', template: 'caddy/forwarded-prefix.Caddyfile' },
  { name: 'haproxy', kind: 'haproxy', template: 'haproxy/forwarded-prefix.cfg' },
  { name: 'apache', kind: 'apache', template: 'apache/forwarded-prefix.conf' },
]

/** The seed's configured servers (FastAPI's Behind a Proxy page). */
export const SEED_SERVERS = [
  { url: 'https://stag.example.com', description: 'Staging environment' },
  { url: 'https://prod.example.com', description: 'Production environment' },
]

/**
 * Loads a docs page at `pageUrl` and checks that it loads `expectedSpecUrl` (a path), that the spec
 * and every asset it references answer 200 from the same origin, and returns the spec.
 */
export async function checkDocsPage(pageUrl: string, expectedSpecUrl: string): Promise<any> {
  const page = await request(pageUrl)
  assert.equal(page.status, 200, `GET ${pageUrl}: ${page.body.slice(0, 300)}`)
  assert.match(String(page.headers['content-type']), /^text\/html/, `GET ${pageUrl}: content-type`)
  const refs = docsPageRefs(page.body)
  assert.ok(refs.specUrls.length > 0, `${pageUrl}: no OpenAPI URL found in the page:\n${page.body}`)
  for (const specUrl of refs.specUrls)
    assert.equal(specUrl, expectedSpecUrl, `${pageUrl}: the page loads ${specUrl}`)
  const spec = await getJson(new URL(expectedSpecUrl, pageUrl).href)
  assert.equal(typeof spec.openapi, 'string', `${expectedSpecUrl} is not an OpenAPI document`)
  await checkPageAssets(pageUrl, page.body)
  if (refs.oauth2RedirectUrl) {
    assert.ok(
      refs.oauth2RedirectUrl.startsWith(expectedSpecUrl.replace(/\/[^/]*$/, '/')),
      `${pageUrl}: oauth2RedirectUrl ${refs.oauth2RedirectUrl} is outside the root path`,
    )
  }
  return spec
}

/**
 * Checks that every asset a page references (src, href, Swagger UI's oauth2RedirectUrl), resolved
 * against the page's URL as a browser would, comes from the same origin and answers 200.
 */
export async function checkPageAssets(pageUrl: string, html: string): Promise<void> {
  const refs = docsPageRefs(html)
  const origin = new URL(pageUrl).origin
  assert.ok(refs.assets.length > 0, `${pageUrl}: the page references no assets`)
  const urls = [...refs.assets, ...(refs.oauth2RedirectUrl ? [refs.oauth2RedirectUrl] : [])]
  for (const ref of urls) {
    const url = new URL(ref, pageUrl)
    assert.equal(url.origin, origin, `${pageUrl} loads ${ref} from another origin (docs must work offline)`)
    const res = await request(url.href)
    assert.equal(res.status, 200, `${pageUrl} references ${ref}: GET ${url.href} answered ${res.status}`)
  }
}
