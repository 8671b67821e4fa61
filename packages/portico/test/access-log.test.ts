import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import Fastify from 'fastify'
import { ACCESS_LOG_MESSAGE, accessLogController, accessLogHook, createApp } from 'portico'

function capture() {
  const lines: Record<string, unknown>[] = []
  return { lines, stream: { write: (line: string) => lines.push(JSON.parse(line)) } }
}

function appWith(accessLog: boolean | 'fastify' | undefined, level = 'info') {
  const log = capture()
  const app = createApp({
    rootPath: '/api/v1',
    openapi: false,
    logger: { level, stream: log.stream },
    ...(accessLog === undefined ? {} : { accessLog }),
  })
  app.get('/hello', async () => ({ hello: 'world' }))
  app.get('/boom', async () => {
    throw new Error('kaput')
  })
  return { app, lines: log.lines }
}

const requestLines = (lines: Record<string, unknown>[]) =>
  lines.filter((line) => line.msg === 'incoming request' || line.msg === ACCESS_LOG_MESSAGE)

describe('createApp accessLog', () => {
  test('true: one line per request, URL as sent, status, ms, request id, client address', async () => {
    const { app, lines } = appWith(true)
    await app.inject('/api/v1/hello?x=1')
    const [line, ...more] = requestLines(lines)
    assert.equal(more.length, 0)
    assert.equal(line?.level, 30)
    assert.equal(line?.reqId, 'req-1')
    assert.equal(line?.method, 'GET')
    assert.equal(line?.url, '/api/v1/hello?x=1')
    assert.equal(line?.statusCode, 200)
    assert.equal(typeof line?.responseTime, 'number')
    assert.equal(line?.remoteAddress, '127.0.0.1')
    assert.equal(line?.req, undefined)
  })

  test('true: a 500 keeps its error line, and gets its access line', async () => {
    const { app, lines } = appWith(true)
    await app.inject('/boom')
    assert.ok(
      lines.some((line) => line.level === 50 && (line.err as { message?: string })?.message === 'kaput'),
    )
    assert.equal(requestLines(lines).filter((line) => line.statusCode === 500).length, 1)
  })

  test('nothing is written when the level filters it out', async () => {
    const { app, lines } = appWith(true, 'warn')
    await app.inject('/api/v1/hello')
    assert.deepEqual(lines, [])
  })

  test("false: no request lines; 'fastify' (the default): Fastify's own two", async () => {
    const off = appWith(false)
    await off.app.inject('/api/v1/hello')
    assert.deepEqual(requestLines(off.lines), [])
    for (const value of ['fastify', undefined] as const) {
      const { app, lines } = appWith(value)
      await app.inject('/api/v1/hello')
      assert.deepEqual(
        requestLines(lines).map((line) => line.msg),
        ['incoming request', 'request completed'],
      )
    }
  })

  test('a wrong value is refused at the call', () => {
    assert.throws(() => createApp({ accessLog: 'yes' as never }), {
      code: 'PORTICO_ERR_APP_OPTION_INVALID',
      message: /"accessLog"/,
    })
  })

  test('plain Fastify: accessLogController and accessLogHook write the same line', async () => {
    const viaController = capture()
    const a = Fastify({
      logger: { stream: viaController.stream },
      logController: accessLogController() as never,
    })
    a.get('/x', async () => 'ok')
    await a.inject('/x?q=1')
    const viaHook = capture()
    const b = Fastify({ logger: { stream: viaHook.stream }, disableRequestLogging: true })
    b.addHook('onResponse', accessLogHook)
    b.get('/x', async () => 'ok')
    await b.inject('/x?q=1')
    for (const lines of [viaController.lines, viaHook.lines]) {
      assert.deepEqual(
        lines.map(({ url, statusCode, msg }) => ({ url, statusCode, msg })),
        [{ url: '/x?q=1', statusCode: 200, msg: ACCESS_LOG_MESSAGE }],
      )
    }
  })
})
