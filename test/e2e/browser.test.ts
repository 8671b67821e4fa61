// A real browser through a real proxy: headless Chromium opens the Swagger UI pages behind nginx
// (stripping /api/v1), runs "Try it out" / "Execute" and reads the response panel, so the request
// really went through the proxy with the right prefix. Screenshots go to test/artifacts/.
import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import { after, before, test } from 'node:test'
import { type Browser, chromium, type Page } from 'playwright-core'
import { artifactsDir, type RunningApp, type RunningProxy, requireBinary, startProxy } from '../lib/index.js'
import {
  SEED_SERVERS,
  startSeedExample,
  startSeedInServersFixture,
  startSubApplicationsExample,
} from './support.js'

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

let browser: Browser | undefined
const apps: RunningApp[] = []
const proxies: RunningProxy[] = []

/** An app behind nginx/strip.conf; both are stopped after the file. */
async function behindNginx(start: () => Promise<RunningApp>): Promise<RunningProxy> {
  const app = await start()
  apps.push(app)
  const proxy = await startProxy({
    kind: 'nginx',
    template: 'nginx/strip.conf',
    name: `nginx strip / ${app.name}`,
    values: { APP_PORT: app.port },
  })
  proxies.push(proxy)
  return proxy
}

let seed: Promise<RunningProxy>
let seedInServers: Promise<RunningProxy>
let subApplications: Promise<RunningProxy>

before(async () => {
  mkdirSync(artifactsDir, { recursive: true })
  seed = behindNginx(startSeedExample)
  seedInServers = behindNginx(startSeedInServersFixture)
  subApplications = behindNginx(startSubApplicationsExample)
  await Promise.allSettled([seed, seedInServers, subApplications])
  // chromium.launch uses a fresh temporary profile (user-data-dir) and deletes it on close.
  browser = await chromium.launch({
    executablePath: requireBinary('chromium'),
    headless: true,
    args: CHROMIUM_ARGS,
  })
})

after(async () => {
  await browser?.close()
  await Promise.all(proxies.map((p) => p.stop()))
  await Promise.all(apps.map((a) => a.stop()))
})

/** Opens a docs page; records every response so the test can show none failed and all stayed on the proxy. */
async function openDocs(url: string): Promise<{ page: Page; problems: string[]; close(): Promise<void> }> {
  assert.ok(browser, 'chromium did not start')
  const context = await browser.newContext()
  const page = await context.newPage()
  const origin = new URL(url).origin
  const problems: string[] = []
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`${res.status()} ${res.url()}`)
  })
  page.on('requestfailed', (req) => problems.push(`failed ${req.url()}: ${req.failure()?.errorText}`))
  page.on('request', (req) => {
    const target = new URL(req.url())
    if (target.protocol.startsWith('http') && target.origin !== origin)
      problems.push(`left the proxy: ${req.url()}`)
  })
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
  const res = await page.goto(url)
  assert.equal(res?.status(), 200, `GET ${url}`)
  return { page, problems, close: () => context.close() }
}

/** Expands `GET <path>`, clicks "Try it out" and "Execute", and returns what the response panel shows. */
async function tryItOut(
  page: Page,
  path: string,
): Promise<{ status: string; body: string; requestUrl: string }> {
  const summary = page.locator(`.opblock-summary-path[data-path="${path}"]`)
  await summary.waitFor({ timeout: 15_000 })
  const block = page.locator('.opblock', { has: summary })
  await summary.click()
  await block.getByRole('button', { name: 'Try it out' }).click()
  await block.getByRole('button', { name: 'Execute' }).click()
  const status = block.locator('.live-responses-table tr.response .response-col_status').first()
  await status.waitFor({ timeout: 15_000 })
  const text = async (selector: string) =>
    ((await block.locator(selector).first().textContent()) ?? '').trim()
  return {
    status: await text('.live-responses-table tr.response .response-col_status'),
    body: await text('.live-responses-table tr.response .response-col_description pre'),
    requestUrl: await text('.request-url pre'),
  }
}

const cases = [
  {
    name: 'seed app (root path in servers): /api/v1/docs, GET /app',
    proxy: () => seedInServers,
    docs: '/api/v1/docs',
    path: '/app',
    requestPath: '/api/v1/app',
    body: { message: 'Hello World', root_path: '/api/v1' },
    screenshot: 'browser-seed-docs.png',
  },
  {
    name: 'route declared with a trailing slash: /api/v1/docs, GET /items/',
    proxy: () => seedInServers,
    docs: '/api/v1/docs',
    path: '/items/',
    requestPath: '/api/v1/items/',
    body: { items: ['Foo', 'Bar'], root_path: '/api/v1' },
    screenshot: 'browser-trailing-slash-docs.png',
  },
  {
    name: 'sub-applications: /api/v1/subapi/docs, GET /sub',
    proxy: () => subApplications,
    docs: '/api/v1/subapi/docs',
    path: '/sub',
    requestPath: '/api/v1/subapi/sub',
    body: { message: 'Hello World from sub API', root_path: '/api/v1/subapi' },
    screenshot: 'browser-subapi-docs.png',
  },
  {
    name: 'sub-applications: /api/v1/docs, GET /app',
    proxy: () => subApplications,
    docs: '/api/v1/docs',
    path: '/app',
    requestPath: '/api/v1/app',
    body: { message: 'Hello World from main app', root_path: '/api/v1' },
    screenshot: 'browser-main-docs.png',
  },
]

for (const c of cases) {
  test(`chromium x nginx strip: ${c.name} -> Try it out answers 200 through the proxy`, async () => {
    const proxy = await c.proxy()
    const { page, problems, close } = await openDocs(`${proxy.url}${c.docs}`)
    try {
      const shown = await tryItOut(page, c.path)
      await page.screenshot({ path: `${artifactsDir}${c.screenshot}`, fullPage: true })
      assert.equal(shown.requestUrl, `${proxy.url}${c.requestPath}`)
      assert.equal(shown.status, '200')
      assert.deepEqual(JSON.parse(shown.body), c.body)
      assert.deepEqual(problems, [])
    } finally {
      await close()
    }
  })
}

test('chromium x nginx strip: the seed example /api/v1/docs offers the configured servers only', async () => {
  // rootPathInServers: false, as in FastAPI's page: Try it out targets the staging server, not the proxy.
  const proxy = await seed
  const { page, problems, close } = await openDocs(`${proxy.url}/api/v1/docs`)
  try {
    await page.locator('.opblock-summary-path[data-path="/app"]').waitFor({ timeout: 15_000 })
    const options = await page.locator('.servers select option').allTextContents()
    await page.screenshot({ path: `${artifactsDir}browser-seed-example-docs.png`, fullPage: true })
    assert.deepEqual(
      options.map((o) => o.trim()),
      SEED_SERVERS.map((s) => `${s.url} - ${s.description}`),
    )
    assert.deepEqual(problems, [])
  } finally {
    await close()
  }
})
