// Issue 13, findings 1 and 5 through createApp: allowedHosts reaches root-path (password-reset-link
// poisoning with `Host: evil.example` is refused) and the user's own redirect is guarded.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { APP_DEFAULTS, Controller, createApp, Get, Reply, Req } from 'portico'

@Controller()
class ResetController {
  @Get('/reset', { name: 'reset' })
  reset(@Req() request: FastifyRequest) {
    return { link: request.absoluteUrlFor('reset') }
  }

  @Get('/go')
  go(@Req() request: FastifyRequest, @Reply() reply: FastifyReply) {
    return reply.redirect((request.query as { to: string }).to)
  }
}

describe('createApp({ allowedHosts })', () => {
  test('defaults to any host (["*"]), as before', async (t) => {
    assert.deepEqual(APP_DEFAULTS.createApp.allowedHosts, ['*'])
    const app = createApp({ controllers: [ResetController], rootPath: '/api/v1' })
    t.after(() => app.close())
    const res = await app.inject({ url: '/api/v1/reset', headers: { host: 'evil.example' } })
    assert.equal(res.json().link, 'http://evil.example/api/v1/reset')
  })

  test('a host not listed gets 400 PORTICO_ERR_ROOT_PATH_HOST_NOT_ALLOWED; a listed one works', async (t) => {
    const app = createApp({
      controllers: [ResetController],
      rootPath: '/api/v1',
      allowedHosts: ['api.example.com'],
      trustProxy: '10.0.0.1',
    })
    t.after(() => app.close())
    const evil = await app.inject({ url: '/api/v1/reset', headers: { host: 'evil.example' } })
    assert.equal(evil.statusCode, 400)
    assert.equal(evil.json().code, 'PORTICO_ERR_ROOT_PATH_HOST_NOT_ALLOWED')
    // Through the proxy, with docs/deployment.md's headers: the forwarded host is what is checked.
    const forwarded = await app.inject({
      url: '/api/v1/reset',
      headers: { host: 'api.example.com', 'x-forwarded-host': 'evil.example' },
      remoteAddress: '10.0.0.1',
    })
    assert.equal(forwarded.statusCode, 400)
    const ok = await app.inject({
      url: '/api/v1/reset',
      headers: { host: 'app:8000', 'x-forwarded-host': 'api.example.com', 'x-forwarded-proto': 'https' },
      remoteAddress: '10.0.0.1',
    })
    assert.equal(ok.statusCode, 200)
    assert.equal(ok.json().link, 'https://api.example.com/api/v1/reset')
  })

  test('an invalid entry fails at the createApp() call, naming allowedHosts[i]', () => {
    assert.throws(() => createApp({ allowedHosts: ['https://example.com'] }), {
      code: 'PORTICO_ERR_ROOT_PATH_OPTION_INVALID',
      message: /"allowedHosts\[0\]"/,
    })
  })

  test("the user's own reply.redirect(request.query.to) is never an open redirect", async (t) => {
    const app = createApp({ controllers: [ResetController] })
    t.after(() => app.close())
    for (const to of ['/\t/evil.com', '\t//evil.com', ' //evil.com', '/\t\\evil.com', '/a\r\nb']) {
      const res = await app.inject({
        url: `/go?to=${encodeURIComponent(to)}`,
        headers: { host: 'origin.test' },
      })
      assert.equal(res.statusCode, 302, JSON.stringify(to))
      const location = new URL(res.headers.location as string, 'http://origin.test/')
      assert.equal(location.origin, 'http://origin.test', JSON.stringify(res.headers.location))
    }
  })
})
