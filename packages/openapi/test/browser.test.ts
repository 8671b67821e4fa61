import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { after, before, describe, test } from 'node:test'
import Fastify, { type FastifyInstance } from 'fastify'
import { type Browser, chromium } from 'playwright-core'
import { seedApp } from './fixtures.js'

const CHROMIUM = '/usr/bin/chromium'

describe('docs pages in headless Chromium', () => {
  let app: FastifyInstance
  let evil: FastifyInstance
  let browser: Browser
  let base: string
  let evilBase: string
  const tokenRequests: Array<Record<string, string>> = []

  before(async () => {
    assert.ok(
      existsSync(CHROMIUM),
      `${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium); the test command does it as root`,
    )
    app = await seedApp()
    // A stand-in authorization server for the seed's OAuth2 scheme (authorizationCode, /authorize
    // and /token): it grants at once and records the token requests.
    app.get('/authorize', async (request, reply) => {
      const { redirect_uri, state } = request.query as Record<string, string>
      return reply.redirect(`${redirect_uri}?code=the-code&state=${encodeURIComponent(state ?? '')}`)
    })
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_r, body, done) =>
      done(null, Object.fromEntries(new URLSearchParams(String(body)))),
    )
    app.post('/token', { schema: { hide: true } }, async (request) => {
      tokenRequests.push(request.body as Record<string, string>)
      return { access_token: 'the-token', token_type: 'bearer' }
    })
    base = await app.listen({ host: '127.0.0.1', port: 0 })
    // Another origin serving a different document, to prove ?url= is not followed.
    evil = Fastify()
    evil.get('/evil.json', async (_request, reply) => {
      reply.header('access-control-allow-origin', '*')
      return { openapi: '3.1.0', info: { title: 'EVIL DOCUMENT', version: '1' }, paths: {} }
    })
    evilBase = await evil.listen({ host: '127.0.0.1', port: 0 })
    // Playwright gives every launch a fresh temporary profile (user-data-dir) and removes it on close.
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    })
  })

  after(async () => {
    await browser?.close()
    await app?.close()
    await evil?.close()
  })

  const local = (target: string) =>
    target.startsWith(base) ||
    target.startsWith(evilBase) ||
    target.startsWith('data:') ||
    target.startsWith('blob:')

  /** Opens a page as if offline: every request leaving the two local servers is recorded and aborted.
   *  Content-Security-Policy violations are recorded (`violations()`), from the page's own event and
   *  from the console, so that a policy blocking something the page needs fails the test. */
  async function open(url: string) {
    const page = await browser.newPage()
    const violations: string[] = []
    await page.exposeFunction('reportViolation', (text: string) => violations.push(text))
    // A string: this file is compiled without the DOM library.
    await page.addInitScript({
      content: `document.addEventListener('securitypolicyviolation', (event) =>
        window.reportViolation(event.effectiveDirective + ' ' + event.blockedURI))`,
    })
    page.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) violations.push(`console: ${message.text()}`)
    })
    const outside: string[] = []
    await page.route('**/*', async (route) => {
      const target = route.request().url()
      if (local(target)) return route.continue()
      outside.push(target)
      return route.abort('internetdisconnected')
    })
    const errors: string[] = []
    page.on('pageerror', (error) => errors.push(String(error)))
    const response = await page.goto(url)
    return { page, outside, errors, violations, headers: response?.headers() ?? {} }
  }

  test('/docs renders the GET /app operation with assets from the app only, under its own CSP', async () => {
    const { page, outside, errors, violations, headers } = await open(`${base}/docs`)
    assert.match(
      headers['content-security-policy']!,
      /^default-src 'none'; script-src 'self'; style-src 'self';/,
    )
    assert.equal(headers['x-frame-options'], 'DENY')
    const operation = page.locator('.opblock', { hasText: '/app' }).first()
    await operation.waitFor({ timeout: 20_000 })
    assert.match(String(await operation.textContent()), /GET/)
    assert.match(String(await page.locator('.info .title').textContent()), /Seed API/)
    assert.deepEqual(outside, [])
    assert.deepEqual(errors, [])
    assert.deepEqual(violations, [])
    await page.close()
  })

  test('/docs "Try it out" + Execute on GET /app answers 200 in the page', async () => {
    const { page, errors, violations } = await open(`${base}/docs`)
    const operation = page.locator('.opblock', { hasText: '/app' }).first()
    await operation.locator('.opblock-summary').click()
    await operation.getByRole('button', { name: 'Try it out' }).click()
    const [response] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/app'),
      operation.getByRole('button', { name: 'Execute' }).click(),
    ])
    assert.equal(response.status(), 200)
    const live = operation.locator('.live-responses-table tbody .response-col_status').first()
    await live.waitFor({ timeout: 10_000 })
    assert.match(String(await live.textContent()), /200/)
    assert.match(String(await operation.locator('.live-responses-table').textContent()), /Hello World/)
    assert.deepEqual(errors, [])
    assert.deepEqual(violations, [])
    await page.close()
  })

  test('OAuth2 login (authorization code) through the redirect page, both pages under their CSP', async () => {
    const { page, errors, violations } = await open(`${base}/docs`)
    await page.locator('button.authorize').click()
    const modal = page.locator('.modal-ux')
    await modal.locator('#client_id_authorizationCode').fill('docs-client')
    const popupViolations: string[] = []
    const [popup] = await Promise.all([
      page.waitForEvent('popup'),
      modal.getByRole('button', { name: 'Apply given OAuth2 credentials' }).click(),
    ])
    popup.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) popupViolations.push(message.text())
    })
    // The redirect page hands the code to Swagger UI (window.opener) and closes itself.
    // The redirect page closes the popup itself; it may be gone already, or slow on a loaded machine.
    if (!popup.isClosed()) await popup.waitForEvent('close', { timeout: 30_000 })
    await modal.getByRole('button', { name: 'Remove authorization' }).waitFor({ timeout: 30_000 })
    assert.match(String(await modal.textContent()), /Authorized/)
    assert.equal(tokenRequests.length, 1)
    assert.equal(tokenRequests[0]!.code, 'the-code')
    assert.equal(tokenRequests[0]!.client_id, 'docs-client')
    assert.equal(tokenRequests[0]!.redirect_uri, `${base}/docs/oauth2-redirect`)
    assert.deepEqual(errors, [])
    assert.deepEqual(violations, [])
    assert.deepEqual(popupViolations, [])
    await page.close()
  })

  test('/docs with a query string and a fragment still loads /openapi.json', async () => {
    const { page } = await open(`${base}/docs?x=1#/`)
    await page.locator('.opblock', { hasText: '/items' }).first().waitFor({ timeout: 20_000 })
    await page.close()
  })

  test('/docs ignores ?url= and ?configUrl=', async () => {
    const { page } = await open(`${base}/docs?url=${evilBase}/evil.json&configUrl=${evilBase}/evil.json`)
    await page.locator('.opblock', { hasText: '/app' }).first().waitFor({ timeout: 20_000 })
    const text = String(await page.locator('body').textContent())
    assert.equal(text.includes('EVIL DOCUMENT'), false)
    assert.match(String(await page.locator('.info .title').textContent()), /Seed API/)
    await page.close()
  })

  test('/redoc renders the title and searches (its blob: worker) under its own CSP', async () => {
    const { page, outside, errors, violations, headers } = await open(`${base}/redoc`)
    assert.match(headers['content-security-policy']!, /; worker-src blob:;/)
    const title = page.locator('h1', { hasText: 'Seed API' }).first()
    await title.waitFor({ timeout: 20_000 })
    assert.match(String(await title.textContent()), /Seed API \(1\.2\.3\)/)
    await page.locator('input[placeholder="Search..."]').fill('items')
    const results = page.locator('[data-role="search:results"]')
    await results.waitFor({ timeout: 10_000 })
    assert.match(String(await results.textContent()), /ItemsController_read/)
    // ReDoc's footer "API docs by Redocly" always tries its logo from a CDN, and hides it when that
    // fails: the policy blocks it (img-src), so the request never leaves (it is not even in
    // `outside`). That one blocked image is the only violation; nothing else may leave the app.
    assert.deepEqual(outside, [])
    assert.deepEqual(
      violations.filter((v) => !v.includes('https://cdn.redoc.ly/redoc/logo-mini.svg')),
      [],
    )
    assert.ok(violations.includes('img-src https://cdn.redoc.ly/redoc/logo-mini.svg'), violations.join('\n'))
    assert.deepEqual(errors, [])
    await page.close()
  })
})
