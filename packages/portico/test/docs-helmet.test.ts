// The docs pages under @fastify/helmet's default Content-Security-Policy, in headless Chromium: helmet
// sets its policy on every response, the pages keep it beside their own (the browser enforces both),
// and they have no inline script, so Swagger UI renders, "Try it out" and the OAuth2 login work and
// ReDoc renders, with no CSP violation beyond the one image ReDoc always tries from its CDN.
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { after, before, describe, test } from 'node:test'
import helmet from '@fastify/helmet'
import { Type } from '@sinclair/typebox'
import { type Browser, chromium } from 'playwright-core'
import { Controller, createApp, Get, Query } from 'portico'

const CHROMIUM = '/usr/bin/chromium'

@Controller()
class Greetings {
  @Get('/hello', { querystring: Type.Object({ name: Type.Optional(Type.String()) }) })
  hello(@Query() query: { name?: string }) {
    return { hello: query.name ?? 'world' }
  }
}

describe('docs pages under @fastify/helmet’s default CSP, in headless Chromium', () => {
  let app: ReturnType<typeof createApp>
  let browser: Browser
  let base: string
  const tokenRequests: Array<Record<string, string>> = []

  before(async () => {
    assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium`)
    app = createApp({
      controllers: [Greetings],
      openapi: {
        info: { title: 'Helmet API', version: '1.0.0' },
        securitySchemes: {
          oauth2: {
            type: 'oauth2',
            flows: {
              authorizationCode: { authorizationUrl: '/authorize', tokenUrl: '/token', scopes: {} },
            },
          },
        },
      },
    })
    // Every option at its default: helmet's policy has script-src 'self', no worker-src.
    await app.register(helmet)
    // A stand-in authorization server that grants at once.
    app.get('/authorize', { schema: { hide: true } }, async (request, reply) => {
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
    browser = await chromium.launch({
      executablePath: CHROMIUM,
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
    await app?.close()
  })

  /** Opens a page, recording CSP violations (the page's event and the console) and page errors. */
  async function open(path: string) {
    const page = await browser.newPage()
    const violations: string[] = []
    const errors: string[] = []
    await page.exposeFunction('reportViolation', (text: string) => violations.push(text))
    await page.addInitScript({
      content: `document.addEventListener('securitypolicyviolation', (event) =>
        window.reportViolation(event.effectiveDirective + ' ' + event.blockedURI))`,
    })
    page.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) violations.push(`console: ${message.text()}`)
    })
    page.on('pageerror', (error) => errors.push(String(error)))
    const response = await page.goto(`${base}${path}`)
    const policies = (await response!.headersArray())
      .filter(({ name }) => name.toLowerCase() === 'content-security-policy')
      .map(({ value }) => value)
    return { page, violations, errors, policies }
  }

  test('the pages carry helmet’s policy and their own', async () => {
    for (const path of ['/docs', '/redoc', '/docs/oauth2-redirect']) {
      const { page, policies } = await open(path)
      assert.equal(policies.length, 2, path)
      assert.match(policies[0]!, /^default-src 'self';.*script-src 'self';/, `${path}: helmet's`)
      assert.match(policies[1]!, /^default-src 'none'; script-src 'self';/, `${path}: the page's`)
      await page.close()
    }
  })

  test('Swagger UI renders; "Try it out" + Execute answers 200; no CSP violation', async () => {
    const { page, violations, errors } = await open('/docs')
    const operation = page.locator('.opblock', { hasText: '/hello' }).first()
    await operation.waitFor({ timeout: 20_000 })
    await operation.locator('.opblock-summary').click()
    await operation.getByRole('button', { name: 'Try it out' }).click()
    const [response] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/hello'),
      operation.getByRole('button', { name: 'Execute' }).click(),
    ])
    assert.equal(response.status(), 200)
    const status = operation.locator('.live-responses-table tbody .response-col_status').first()
    await status.waitFor({ timeout: 10_000 })
    assert.match(String(await status.textContent()), /200/)
    assert.match(String(await operation.locator('.live-responses-table').textContent()), /"hello": "world"/)
    assert.deepEqual(errors, [])
    assert.deepEqual(violations, [])
    await page.close()
  })

  test('OAuth2 login through the redirect page works', async () => {
    const { page, violations, errors } = await open('/docs')
    await page.locator('button.authorize').click()
    const modal = page.locator('.modal-ux')
    await modal.locator('#client_id_authorizationCode').fill('docs-client')
    const [popup] = await Promise.all([
      page.waitForEvent('popup'),
      modal.getByRole('button', { name: 'Apply given OAuth2 credentials' }).click(),
    ])
    // The redirect page closes the popup itself; it may be gone already, or slow on a loaded machine.
    if (!popup.isClosed()) await popup.waitForEvent('close', { timeout: 30_000 })
    await modal.getByRole('button', { name: 'Remove authorization' }).waitFor({ timeout: 30_000 })
    assert.equal(tokenRequests.length, 1)
    assert.equal(tokenRequests[0]!.code, 'the-code')
    assert.deepEqual(errors, [])
    assert.deepEqual(violations, [])
    await page.close()
  })

  test('ReDoc renders (its search off: helmet’s policy forbids the blob: worker it runs in)', async () => {
    const { page, violations, errors } = await open('/redoc')
    const title = page.locator('h1', { hasText: 'Helmet API' }).first()
    await title.waitFor({ timeout: 20_000 })
    await page.locator('h2', { hasText: 'hello' }).first().waitFor({ timeout: 10_000 })
    assert.equal(
      await page.locator('input[placeholder="Search..."]').count(),
      0,
      'no search box that never answers',
    )
    // ReDoc's footer always tries its logo from cdn.redoc.ly; both policies block it (img-src).
    assert.deepEqual(
      violations.filter((v) => !v.includes('https://cdn.redoc.ly/redoc/logo-mini.svg')),
      [],
    )
    assert.deepEqual(errors, [])
    await page.close()
  })
})
