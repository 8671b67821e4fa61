// createApp's request logs: `url` as the client sent it (not the path after the root path was
// stripped) and the effective `rootPath`, without overriding the user's own serializers.
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { connect } from 'node:net'
import { describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { type CreateAppOptions, createApp } from 'portico'

type Line = Record<string, any>

/** A pino destination kept in memory: every line written, parsed. */
function memoryStream() {
  const lines: Line[] = []
  return {
    lines,
    stream: { write: (line: string) => void lines.push(JSON.parse(line)) },
    /** The `req` of each "incoming request" line. */
    requests: () => lines.filter((line) => line.msg === 'incoming request').map((line) => line.req),
  }
}

function appWith(options: CreateAppOptions) {
  const app = createApp({ openapi: false, ...options })
  app.get('/p/hello', async () => 'hello')
  return app
}

describe('request logs', () => {
  test('carry the URL as the client sent it and the root path, stripped or not', async (t) => {
    const log = memoryStream()
    const app = appWith({ rootPath: '/api/v1', logger: { stream: log.stream } })
    t.after(() => app.close())
    assert.equal((await app.inject('/api/v1/p/hello?x=1')).statusCode, 200)
    assert.equal((await app.inject('/p/hello')).statusCode, 200)
    const [passedThrough, stripped] = log.requests()
    assert.deepEqual(passedThrough, {
      method: 'GET',
      url: '/api/v1/p/hello?x=1',
      host: 'localhost:80',
      remoteAddress: '127.0.0.1',
      rootPath: '/api/v1',
    })
    assert.equal(stripped.url, '/p/hello')
    assert.equal(stripped.rootPath, '/api/v1')
  })

  test('the root path is the trusted forwarded prefix when there is one, "" when none', async (t) => {
    const log = memoryStream()
    const app = appWith({
      rootPath: '/api/v1',
      forwardedPrefix: true,
      trustProxy: '10.0.0.7',
      logger: { stream: log.stream },
    })
    t.after(() => app.close())
    await app.inject({
      url: '/edge/p/hello',
      headers: { 'x-forwarded-prefix': '/edge' },
      remoteAddress: '10.0.0.7',
    })
    assert.deepEqual(
      log.requests().map((req) => [req.url, req.rootPath]),
      [['/edge/p/hello', '/edge']],
    )
    const plain = memoryStream()
    const noRoot = appWith({ logger: { stream: plain.stream } })
    t.after(() => noRoot.close())
    await noRoot.inject('/p/hello')
    assert.equal(plain.requests()[0].rootPath, '')
  })

  test('fastify.logger gets the same serializer', async (t) => {
    const log = memoryStream()
    const app = appWith({ rootPath: '/api/v1', fastify: { logger: { stream: log.stream } } })
    t.after(() => app.close())
    await app.inject('/api/v1/p/hello')
    assert.deepEqual(
      log.requests().map((req) => [req.url, req.rootPath]),
      [['/api/v1/p/hello', '/api/v1']],
    )
  })

  test("the user's own serializers win; the others are merged", async (t) => {
    const own = memoryStream()
    const app = appWith({
      rootPath: '/api/v1',
      logger: {
        stream: own.stream,
        serializers: { req: (req: { method: string }) => ({ mine: req.method }) },
      },
    })
    t.after(() => app.close())
    await app.inject('/api/v1/p/hello')
    assert.deepEqual(own.requests(), [{ mine: 'GET' }])

    const merged = memoryStream()
    const other = appWith({
      rootPath: '/api/v1',
      fastify: {
        logger: {
          stream: merged.stream,
          serializers: { res: (reply: { statusCode: number }) => ({ s: reply.statusCode }) },
        },
      },
    })
    t.after(() => other.close())
    await other.inject('/api/v1/p/hello')
    assert.equal(merged.requests()[0].url, '/api/v1/p/hello')
    const completed = merged.lines.find((line) => line.msg === 'request completed')
    assert.deepEqual(completed?.res, { s: 200 })
  })

  test('an absolute-form target is logged as sent', async (t) => {
    const log = memoryStream()
    const app = appWith({ rootPath: '/api/v1', logger: { stream: log.stream } })
    t.after(() => app.close())
    await app.listen({ host: '127.0.0.1', port: 0 })
    const { port } = app.server.address() as { port: number }
    const target = `http://127.0.0.1:${port}/api/v1/p/hello`
    const response = await new Promise<string>((resolve, reject) => {
      let data = ''
      const socket = connect(port, '127.0.0.1', () => {
        socket.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`)
      })
      socket.setEncoding('utf8')
      socket.on('data', (chunk) => {
        data += chunk
      })
      socket.on('error', reject)
      socket.on('close', () => resolve(data))
    })
    assert.match(response, /^HTTP\/1\.1 200 /)
    assert.deepEqual(
      log.requests().map((req) => [req.url, req.rootPath]),
      [[target, '/api/v1']],
    )
  })

  test('logger: true logs the same fields (on stdout)', async () => {
    const script = `
      import { createApp } from 'portico'
      const app = createApp({ rootPath: '/api/v1', logger: true, openapi: false })
      app.get('/p/hello', async () => 'hello')
      await app.inject('/api/v1/p/hello')
      await app.close()
    `
    const cwd = fileURLToPath(new URL('..', import.meta.url))
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
      cwd,
    })
    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Line)
    const incoming = lines.find((line) => line.msg === 'incoming request')
    assert.equal(incoming?.level, 30)
    assert.equal(incoming?.req.url, '/api/v1/p/hello')
    assert.equal(incoming?.req.rootPath, '/api/v1')
  })
})
