import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import Fastify, { type FastifyBaseLogger } from 'fastify'
import { createApp, lazyChildLoggerFactory, preformattedAccessLine } from 'portico'

type PinoLike = FastifyBaseLogger & {
  isLevelEnabled(level: string): boolean
  bindings(): Record<string, unknown>
}

function capture() {
  const raw: string[] = []
  return { raw, stream: { write: (line: string) => raw.push(line) } }
}

describe('lazy request loggers', () => {
  test('no child is built for a request whose lines the level filters out', async () => {
    const log = capture()
    const app = Fastify({
      logger: { level: 'warn', stream: log.stream },
      childLoggerFactory: lazyChildLoggerFactory,
    })
    let children = 0
    const child = app.log.child.bind(app.log)
    app.log.child = ((...args: Parameters<typeof child>) => {
      children++
      return child(...args)
    }) as typeof app.log.child
    app.get('/quiet', (request) => {
      request.log.info('filtered')
      request.log.debug('filtered')
      return { ok: true }
    })
    app.get('/loud', (request) => {
      request.log.warn({ n: 1 }, 'kept')
      request.log.error('kept too')
      return { ok: true }
    })
    await app.inject('/quiet')
    assert.equal(children, 0)
    assert.deepEqual(log.raw, [])
    await app.inject('/loud')
    assert.equal(children, 1) // one child for the request, reused by its second line
    const lines = log.raw.map((line) => JSON.parse(line) as Record<string, unknown>)
    assert.deepEqual(
      lines.map((line) => [line.reqId, line.msg, line.n]),
      [
        ['req-2', 'kept', 1],
        ['req-2', 'kept too', undefined],
      ],
    )
  })

  test('request.log keeps pino child behaviour: bindings, route log level, level changes, child()', async () => {
    const log = capture()
    const app = createApp({ openapi: false, logger: { level: 'info', stream: log.stream }, accessLog: false })
    app.get('/debug', { logLevel: 'debug' }, ({ log: requestLog }) => {
      const request = { log: requestLog as PinoLike }
      assert.equal(request.log.level, 'debug')
      assert.equal(request.log.isLevelEnabled('debug'), true)
      assert.equal((request.log as { levelVal?: number }).levelVal, 20)
      request.log.debug('route level')
      return { ok: true }
    })
    app.get('/bind', ({ log: requestLog, id }) => {
      const request = { log: requestLog as PinoLike, id }
      assert.equal(request.log.isLevelEnabled('debug'), false)
      assert.deepEqual(request.log.bindings(), { reqId: request.id })
      request.log.child({ part: 'db' }).info('from a child')
      request.log.level = 'trace'
      request.log.trace('after a level change')
      return { ok: true }
    })
    await app.inject('/debug')
    await app.inject('/bind')
    const lines = log.raw.map((line) => JSON.parse(line) as Record<string, unknown>)
    assert.deepEqual(
      lines.map((line) => [line.reqId, line.level, line.msg, line.part]),
      [
        ['req-1', 20, 'route level', undefined],
        ['req-2', 30, 'from a child', 'db'],
        ['req-2', 10, 'after a level change', undefined],
      ],
    )
    assert.equal(app.log.level, 'info') // the request's level change stayed on its own logger
  })

  test("createApp keeps the user's own childLoggerFactory", async () => {
    let calls = 0
    const app = createApp({
      openapi: false,
      logger: { level: 'info', stream: capture().stream },
      fastify: {
        childLoggerFactory(logger, bindings, options) {
          calls++
          return logger.child(bindings, options)
        },
      },
    })
    app.get('/x', () => ({ ok: true }))
    await app.inject('/x')
    assert.equal(calls, 1)
  })
})

describe('the preformatted access line', () => {
  test("is byte for byte pino's line for the same fields (but the time)", async () => {
    const fast = capture()
    const slow = capture()
    // `formatters: {}` is not plain options: that app writes its line through pino.
    const apps = [
      createApp({ openapi: false, logger: { level: 'info', stream: fast.stream }, accessLog: true }),
      createApp({
        openapi: false,
        logger: { level: 'info', stream: slow.stream, formatters: {} },
        accessLog: true,
      }),
    ]
    for (const app of apps) {
      app.get('/q', () => ({ ok: true }))
      await app.inject({ url: '/q?name="a\\b"&x=%E2%9C%93', headers: { 'x-request-id': 'ignored' } })
      await app.inject({ method: 'POST', url: '/nowhere' })
    }
    const untimed = (line: string) =>
      line.replace(/"time":\d+/, '"time":0').replace(/"responseTime":[\d.]+/, '"responseTime":0')
    // The two access lines and Fastify's own 404 line.
    assert.equal(fast.raw.filter((line) => line.includes('"request completed"')).length, 2)
    assert.deepEqual(fast.raw.map(untimed), slow.raw.map(untimed))
    for (const line of fast.raw) assert.ok(line.endsWith('}\n'))
  })

  test('is used only for plain logger options with a stream', () => {
    const stream = { write: () => true }
    assert.equal(typeof preformattedAccessLine({ level: 'info', stream }), 'function')
    assert.equal(typeof preformattedAccessLine({ level: 'info', stream, serializers: {} }), 'function')
    assert.equal(preformattedAccessLine(true), undefined)
    assert.equal(preformattedAccessLine({ level: 'info' }), undefined)
    assert.equal(preformattedAccessLine({ level: 'info', stream, timestamp: false }), undefined)
    assert.equal(preformattedAccessLine({ level: 'info', stream, base: null }), undefined)
  })

  test('follows a level change made after startup', async () => {
    const log = capture()
    const app = createApp({ openapi: false, logger: { level: 'info', stream: log.stream }, accessLog: true })
    app.get('/x', () => ({ ok: true }))
    await app.inject('/x')
    app.log.level = 'warn'
    await app.inject('/x')
    assert.equal(log.raw.length, 1)
  })
})
