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

  before(async () => {
    assert.ok(
      existsSync(CHROMIUM),
      `${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium); the test command does it as root`,
    )
    app = await seedApp()
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

  /** Opens a page as if offline: every request leaving the two local servers is recorded and aborted. */
  async function open(url: string) {
    const page = await browser.newPage()
    const outside: string[] = []
    await page.route('**/*', async (route) => {
      const target = route.request().url()
      if (local(target)) return route.continue()
      outside.push(target)
      return route.abort('internetdisconnected')
    })
    const errors: string[] = []
    page.on('pageerror', (error) => errors.push(String(error)))
    await page.goto(url)
    return { page, outside, errors }
  }

  test('/docs renders the GET /app operation with assets from the app only', async () => {
    const { page, outside, errors } = await open(`${base}/docs`)
    const operation = page.locator('.opblock', { hasText: '/app' }).first()
    await operation.waitFor({ timeout: 20_000 })
    assert.match(String(await operation.textContent()), /GET/)
    assert.match(String(await page.locator('.info .title').textContent()), /Seed API/)
    assert.deepEqual(outside, [])
    assert.deepEqual(errors, [])
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

  test('/redoc renders the title', async () => {
    const { page, outside, errors } = await open(`${base}/redoc`)
    const title = page.locator('h1', { hasText: 'Seed API' }).first()
    await title.waitFor({ timeout: 20_000 })
    assert.match(String(await title.textContent()), /Seed API \(1\.2\.3\)/)
    // ReDoc's footer "API docs by Redocly" always tries its logo from a CDN and hides it when that
    // fails (as here, offline); nothing else may leave the app.
    assert.deepEqual(
      outside.filter((target) => target !== 'https://cdn.redoc.ly/redoc/logo-mini.svg'),
      [],
    )
    assert.deepEqual(errors, [])
    await page.close()
  })
})
