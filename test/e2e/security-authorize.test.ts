// Swagger UI's Authorize button with the OAuth2 password flow of an OAuth2PasswordBearer, in headless
// Chromium, behind nginx stripping /api/v1: the relative tokenUrl resolves under the root path, the
// token route (OAuth2PasswordRequestForm) issues a token, and "Try it out" sends it as a bearer token
// to a route requiring a scope, under the docs page's Content-Security-Policy.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { type Static, Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { type Browser, chromium } from 'playwright-core'
import {
  BadRequest,
  Controller,
  createApp,
  dependency,
  Form,
  Get,
  Injectable,
  inject,
  OAuth2PasswordBearer,
  OAuth2PasswordRequestForm,
  Post,
  type Resolved,
  Security,
  Unauthorized,
} from 'portico'
import { type RunningProxy, requireBinary, startProxy } from '../lib/index.js'

const oauth2 = new OAuth2PasswordBearer({
  tokenUrl: 'token',
  scopes: { 'books:read': 'Read books', 'books:write': 'Add books' },
})

const tokenRequests: Record<string, unknown>[] = []

@Injectable()
class Auth {
  readonly #tokens = new Map<string, { name: string; scopes: string[] }>()
  login(form: Static<typeof OAuth2PasswordRequestForm>) {
    tokenRequests.push({ ...form })
    if (form.username !== 'ada' || form.password !== 'secret') return undefined
    const token = `token-${this.#tokens.size + 1}`
    this.#tokens.set(token, { name: form.username, scopes: form.scope.split(' ').filter(Boolean) })
    return token
  }
  byToken(token: string) {
    return this.#tokens.get(token)
  }
}

const currentUser = dependency({ token: oauth2, auth: inject(Auth) }, ({ token, auth }) => {
  const user = auth.byToken(token)
  if (user === undefined) throw new Unauthorized('Invalid token')
  return user
})

@Controller()
class Books {
  constructor(private readonly auth: Auth) {}

  @Post('/token', { form: OAuth2PasswordRequestForm })
  token(@Form() form: Static<typeof OAuth2PasswordRequestForm>) {
    const token = this.auth.login(form)
    if (token === undefined) throw new BadRequest('Incorrect username or password')
    return { access_token: token, token_type: 'bearer' }
  }

  @Get('/books/mine', {
    response: { 200: Type.Object({ user: Type.String(), scopes: Type.Array(Type.String()) }) },
  })
  mine(@Security(currentUser, ['books:read']) user: Resolved<typeof currentUser>) {
    return { user: user.name, scopes: user.scopes }
  }
}

let app: FastifyInstance
let proxy: RunningProxy
let browser: Browser

before(async () => {
  app = createApp({ controllers: [Books], providers: [Auth], rootPath: '/api/v1' })
  await app.listen({ host: '127.0.0.1', port: 0 })
  const port = (app.server.address() as { port: number }).port
  proxy = await startProxy({ kind: 'nginx', template: 'nginx/strip.conf', values: { APP_PORT: port } })
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
  await proxy?.stop()
  await app?.close()
})

test('Authorize (password flow) behind nginx: the token from /api/v1/token, then an authorized call', async () => {
  const page = await browser.newPage()
  const violations: string[] = []
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) violations.push(message.text())
  })
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(String(error)))
  await page.goto(`${proxy.url}/api/v1/docs`)
  const operation = page.locator('.opblock', { hasText: '/books/mine' }).first()
  await operation.waitFor({ timeout: 20_000 })

  await page.locator('button.authorize').click()
  const modal = page.locator('.modal-ux')
  await modal.locator('#oauth_username').fill('ada')
  await modal.locator('#oauth_password').fill('secret')
  await modal.locator('label', { hasText: 'books:read' }).click()
  const [tokenResponse] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/token')),
    modal.getByRole('button', { name: 'Apply given OAuth2 credentials' }).click(),
  ])
  // The relative tokenUrl resolved against servers[0] (/api/v1): the request went through the proxy.
  assert.equal(new URL(tokenResponse.url()).pathname, '/api/v1/token')
  assert.equal(tokenResponse.status(), 200)
  await modal.getByRole('button', { name: 'Remove authorization' }).waitFor({ timeout: 10_000 })
  // What Swagger UI posted: OAuth2PasswordRequestForm's fields, urlencoded.
  assert.deepEqual(tokenRequests, [
    { grant_type: 'password', username: 'ada', password: 'secret', scope: 'books:read' },
  ])
  await modal.getByRole('button', { name: 'Close' }).first().click()

  await operation.locator('.opblock-summary').click()
  await operation.getByRole('button', { name: 'Try it out' }).click()
  const [response] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/books/mine'),
    operation.getByRole('button', { name: 'Execute' }).click(),
  ])
  assert.equal(response.status(), 200)
  assert.match(String(response.request().headers().authorization), /^Bearer token-\d+$/)
  assert.deepEqual(await response.json(), { user: 'ada', scopes: ['books:read'] })
  assert.deepEqual(errors, [])
  assert.deepEqual(violations, [])
  await page.close()
})
