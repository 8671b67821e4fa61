// examples/bookshelf's docs pages in Chromium behind nginx stripping /api/v1 (the real `portico run
// --root-path /api/v1`): Swagger UI's Authorize (OAuth2 password flow) of /api/v1/docs and of the
// admin sub-application's /api/v1/admin/docs both obtain their token from the main app's
// /api/v1/token, and "Try it out" then sends it (GET /me, GET /admin/stats answer 200).
import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import { after, before, test } from 'node:test'
import { type Browser, chromium, type Page } from 'playwright-core'
import {
  artifactsDir,
  type RunningApp,
  type RunningProxy,
  requireBinary,
  startExample,
} from '../lib/index.js'
import { explained, ProxyFleet } from './proxy-fleet.js'

const fleet = new ProxyFleet('bookshelf-docs')
let app: Promise<RunningApp>
let proxy: RunningProxy
let browser: Browser | undefined

before(async () => {
  mkdirSync(artifactsDir, { recursive: true })
  app = startExample('bookshelf', { PORTICO_ROOT_PATH: '/api/v1' })
  proxy = await fleet.for(app, { kind: 'nginx', template: 'nginx/strip.conf' })
  browser = await chromium.launch({
    executablePath: requireBinary('chromium'),
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
    ],
  })
})
after(async () => {
  await browser?.close()
  await fleet.stop([app])
})

/** Logs in with the password flow of the Authorize dialog; the token request's path and status. */
async function authorize(
  page: Page,
  username: string,
  password: string,
): Promise<{ path: string; status: number }> {
  await page.locator('button.authorize').click()
  const modal = page.locator('.modal-ux')
  await modal.locator('#oauth_username').fill(username)
  await modal.locator('#oauth_password').fill(password)
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST', { timeout: 15_000 }),
    modal.getByRole('button', { name: 'Apply given OAuth2 credentials' }).click(),
  ])
  await modal.getByRole('button', { name: 'Remove authorization' }).waitFor({ timeout: 10_000 })
  await modal.locator('button.close-modal').click()
  return { path: new URL(response.url()).pathname, status: response.status() }
}

/** Expands `GET <path>`, runs it, and returns the status and body of the request it sent. */
async function tryItOut(
  page: Page,
  path: string,
): Promise<{ status: number; body: any; authorization?: string }> {
  const summary = page.locator(`.opblock-summary-path[data-path="${path}"]`)
  const block = page.locator('.opblock', { has: summary })
  await summary.click()
  await block.getByRole('button', { name: 'Try it out' }).click()
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'GET' && new URL(r.url()).pathname.endsWith(path)),
    block.getByRole('button', { name: 'Execute' }).click(),
  ])
  return {
    status: response.status(),
    body: await response.json(),
    authorization: response.request().headers().authorization,
  }
}

for (const c of [
  {
    docs: '/api/v1/docs',
    user: ['alice', 'wonderland'],
    path: '/me',
    body: { username: 'alice', scopes: ['books:write'] },
  },
  { docs: '/api/v1/admin/docs', user: ['admin', 'admin-secret'], path: '/stats', body: { books: 0 } },
] as const) {
  test(`chromium x nginx strip: ${c.docs} Authorize posts to /api/v1/token, then Try it out ${c.path} answers 200`, async () => {
    assert.ok(browser, 'chromium did not start')
    const context = await browser.newContext()
    try {
      await explained(proxy, app, async () => {
        const page = await context.newPage()
        const res = await page.goto(`${proxy.url}${c.docs}`)
        assert.equal(res?.status(), 200)
        await page.locator(`.opblock-summary-path[data-path="${c.path}"]`).waitFor({ timeout: 20_000 })
        assert.deepEqual(await authorize(page, c.user[0], c.user[1]), { path: '/api/v1/token', status: 200 })
        const shown = await tryItOut(page, c.path)
        await page.screenshot({
          path: `${artifactsDir}bookshelf${c.docs.replaceAll('/', '-')}.png`,
          fullPage: true,
        })
        assert.match(String(shown.authorization), /^Bearer \S+$/)
        assert.deepEqual({ status: shown.status, body: shown.body }, { status: 200, body: c.body })
      })
    } finally {
      await context.close()
    }
  })
}
