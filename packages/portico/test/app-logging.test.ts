import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, test } from 'node:test'
import { REQUEST_ID } from '@portico/cli'
import type { FastifyBaseLogger, FastifyInstance } from 'fastify'
import { createApp } from 'portico'

// createApp's own logger (app-logging.ts): Fastify runs without one, and app.log, request.log and
// reply.log behave as Fastify's would.

function capture() {
  const raw: string[] = []
  const lines = () => raw.map((line) => JSON.parse(line) as Record<string, unknown>)
  return { raw, lines, stream: { write: (line: string) => raw.push(line) } }
}

/** Response listeners a request's handler sees: what the logging machinery adds per request. */
function listenerRoute(app: FastifyInstance) {
  app.get('/listeners', (_request, reply) => ({
    finish: reply.raw.listenerCount('finish'),
    error: reply.raw.listenerCount('error'),
  }))
}

describe("createApp's own logger", () => {
  test('with the access line off, a request gets no more response listeners than without a logger', async () => {
    const without = createApp({ openapi: false })
    const quiet = createApp({
      openapi: false,
      logger: { level: 'info', stream: capture().stream },
      accessLog: false,
    })
    const fastify = createApp({
      openapi: false,
      logger: { level: 'info', stream: capture().stream },
      accessLog: 'fastify',
    })
    for (const app of [without, quiet, fastify]) listenerRoute(app)
    const count = async (app: FastifyInstance) => (await app.inject('/listeners')).json()
    assert.deepEqual(await count(quiet), await count(without))
    // Fastify's own logger listens for the end of every response: the cost this avoids.
    assert.notDeepEqual(await count(fastify), await count(without))
  })

  test('app.log is pino with the options given; request.log binds the request id; reply.log is the same logger', async () => {
    const log = capture()
    const app = createApp({
      openapi: false,
      logger: { level: 'debug', stream: log.stream },
      accessLog: false,
    })
    app.log.debug({ at: 'start' }, 'from the app')
    app.get('/x', (request, reply) => {
      assert.equal(reply.log, request.log)
      request.log.debug({ n: 1 }, 'from the request')
      return { ok: true }
    })
    await app.inject('/x')
    assert.deepEqual(
      log.lines().map((line) => [line.level, line.msg, line.reqId, line.at ?? line.n]),
      [
        [20, 'from the app', undefined, 'start'],
        [20, 'from the request', 'req-1', 1],
      ],
    )
  })

  test("a route's logLevel and logSerializers, a plugin's logLevel and fastify.requestIdLogLabel apply", async () => {
    const log = capture()
    const app = createApp({
      openapi: false,
      logger: { level: 'info', stream: log.stream },
      accessLog: false,
      fastify: { requestIdLogLabel: 'requestId' },
    })
    app.get('/quiet', { logLevel: 'error' }, (request) => {
      request.log.warn('filtered by the route level')
      request.log.error('kept')
      return { ok: true }
    })
    app.get('/masked', { logSerializers: { user: (user: { name: string }) => user.name } }, (request) => {
      request.log.info({ user: { name: 'ada', password: 'x' } }, 'serialized')
      return { ok: true }
    })
    app.register(
      async (scoped) => {
        scoped.get('/scoped', (request) => {
          request.log.info('filtered by the plugin level')
          request.log.warn('kept in the plugin')
          return { ok: true }
        })
      },
      { logLevel: 'warn' },
    )
    await app.inject('/quiet')
    await app.inject('/masked')
    await app.inject('/scoped')
    assert.deepEqual(
      log.lines().map((line) => [line.requestId, line.msg, line.user]),
      [
        ['req-1', 'kept', undefined],
        ['req-2', 'serialized', 'ada'],
        ['req-3', 'kept in the plugin', undefined],
      ],
    )
  })

  test('a route log level pino does not know fails at startup, naming the route', async () => {
    const app = createApp({
      openapi: false,
      logger: { level: 'info', stream: capture().stream },
      accessLog: true,
    })
    assert.throws(
      () => app.get('/x', { logLevel: 'verbose' as never }, () => 'x'),
      (error: Error & { code?: string }) =>
        error.code === 'FST_ERR_ROUTE_LOG_LEVEL_INVALID' &&
        /GET:\/x/.test(error.message) &&
        /verbose/.test(error.message),
    )
  })

  test('a logger assigned to request.log (a tracing plugin) is the one the request uses', async () => {
    const log = capture()
    const app = createApp({ openapi: false, logger: { level: 'info', stream: log.stream }, accessLog: false })
    app.addHook('onRequest', async (request) => {
      request.log = request.log.child({ traceId: 't-1' }) as FastifyBaseLogger
    })
    app.get('/x', (request) => {
      request.log.info('traced')
      return { ok: true }
    })
    await app.inject('/x')
    assert.deepEqual(
      log.lines().map((line) => [line.reqId, line.traceId, line.msg]),
      [['req-1', 't-1', 'traced']],
    )
  })

  test('logger.file writes there; file and stream together are refused naming the option', async (t) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'portico-app-log-'))
    t.after(() => rmSync(dir, { recursive: true, force: true }))
    const file = path.join(dir, 'app.log')
    const app = createApp({ openapi: false, logger: { level: 'info', file }, accessLog: true })
    app.get('/x', () => ({ ok: true }))
    await app.inject('/x?q=1')
    await app.close()
    // pino.destination(file) writes asynchronously; give it the moment it needs.
    await new Promise((resolve) => setTimeout(resolve, 100))
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
    assert.deepEqual(
      lines.filter((line) => line.msg === 'request completed').map((line) => [line.url, line.statusCode]),
      [['/x?q=1', 200]],
    )
    assert.throws(
      () => createApp({ logger: { file, stream: capture().stream } as never, accessLog: true }),
      (error: Error & { code?: string }) =>
        error.code === 'PORTICO_ERR_APP_OPTION_INVALID' && /logger/.test(error.message),
    )
  })

  test("each request's id is recorded on the raw request for portico run's line, the request-id header's included", async () => {
    const app = createApp({
      openapi: false,
      logger: { level: 'info', stream: capture().stream },
      accessLog: false,
      fastify: { requestIdHeader: 'X-Request-Id' },
    })
    app.get('/id', (request) => ({
      id: request.id,
      recorded: (request.raw as unknown as Record<symbol, unknown>)[REQUEST_ID],
    }))
    assert.deepEqual((await app.inject('/id')).json(), { id: 'req-1', recorded: 'req-1' })
    assert.deepEqual((await app.inject({ url: '/id', headers: { 'x-request-id': 'edge-7' } })).json(), {
      id: 'edge-7',
      recorded: 'edge-7',
    })
  })

  test('setChildLoggerFactory after createApp fails at startup, naming the way that works', async () => {
    const app = createApp({
      openapi: false,
      logger: { level: 'info', stream: capture().stream },
      accessLog: false,
    })
    app.setChildLoggerFactory((logger, bindings, options) => logger.child(bindings, options))
    await assert.rejects(
      async () => {
        await app.ready()
      },
      (error: Error & { code?: string }) =>
        error.code === 'PORTICO_ERR_APP_OPTION_INVALID' &&
        /fastify: \{ childLoggerFactory \}/.test(error.message),
    )
  })

  test('5xx errors are logged with the request id, once, next to the access line', async () => {
    const log = capture()
    const app = createApp({ openapi: false, logger: { level: 'info', stream: log.stream }, accessLog: true })
    app.get('/boom', () => {
      throw new Error('internal detail')
    })
    const response = await app.inject('/boom')
    assert.equal(response.statusCode, 500)
    assert.doesNotMatch(response.body, /internal detail/)
    assert.deepEqual(
      log.lines().map((line) => [line.level, line.reqId, line.msg]),
      [
        [50, 'req-1', 'internal detail'],
        [30, 'req-1', 'request completed'],
      ],
    )
  })
})
