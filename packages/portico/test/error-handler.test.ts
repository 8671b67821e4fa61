// createApp's error handler (issue 13, finding 2): a 5xx answer says only its status text unless the
// error was written for the client (`expose: true`, as @portico/core's HTTP errors), the error is
// logged in full with the request id, 4xx answers keep their message, and the user's own
// setErrorHandler still wins in its context.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { Type } from '@sinclair/typebox'
import Fastify, { type FastifyInstance } from 'fastify'
import {
  type CreateAppOptions,
  createApp,
  HttpError,
  InternalServerError,
  NotFound,
  PORTICO_ERR_APP_OPTION_INVALID,
  ServiceUnavailable,
} from 'portico'

type Line = Record<string, any>

const SECRET = 'connect ECONNREFUSED postgres://admin:hunter2@db.internal:5432/prod'
const GENERIC = { statusCode: 500, error: 'Internal Server Error', message: 'Internal Server Error' }

function memoryStream() {
  const lines: Line[] = []
  return { lines, stream: { write: (line: string) => void lines.push(JSON.parse(line)) } }
}

function appWith(options: CreateAppOptions = {}): FastifyInstance {
  const app = createApp({ openapi: false, ...options })
  app.get('/db', async () => {
    throw new Error(SECRET)
  })
  app.get('/type', async () => (undefined as unknown as { foo: { bar: 1 } }).foo.bar)
  return app
}

describe('5xx answers', () => {
  test('an unexpected error answers Internal Server Error, not its message', async (t) => {
    const app = appWith()
    t.after(() => app.close())
    for (const url of ['/db', '/type']) {
      const response = await app.inject(url)
      assert.equal(response.statusCode, 500)
      assert.deepEqual(response.json(), GENERIC)
      assert.match(String(response.headers['content-type']), /^application\/json/)
      assert.doesNotMatch(response.body, /hunter2|ECONNREFUSED|Cannot read/)
    }
  })

  test('the error is logged at error level with the request id, message and stack', async (t) => {
    const log = memoryStream()
    const app = appWith({ logger: { stream: log.stream } })
    t.after(() => app.close())
    await app.inject('/db')
    const lines = log.lines.filter((line) => line.level === 50)
    assert.equal(lines.length, 1)
    const line = lines[0] as Line
    assert.equal(line.msg, SECRET)
    assert.equal(line.err.message, SECRET)
    assert.equal(line.err.type, 'Error')
    assert.match(line.err.stack, /hunter2/)
    assert.equal(line.req.url, '/db')
    assert.equal(line.res.statusCode, 500)
    const incoming = log.lines.find((entry) => entry.msg === 'incoming request')
    assert.ok(incoming?.reqId)
    assert.equal(line.reqId, incoming.reqId)
  })

  test('Fastify options disableRequestLogging (true or a function) leave the error out of the log', async (t) => {
    for (const disableRequestLogging of [true, () => true]) {
      const log = memoryStream()
      const app = appWith({ logger: { stream: log.stream }, fastify: { disableRequestLogging } })
      t.after(() => app.close())
      assert.equal((await app.inject('/db')).statusCode, 500)
      assert.equal(log.lines.filter((line) => line.level === 50).length, 0)
    }
  })

  test('a coded internal error and a thrown non-error are hidden too (no code, no message)', async (t) => {
    const app = appWith()
    t.after(() => app.close())
    app.get('/coded', async () => {
      throw new PORTICO_ERR_APP_OPTION_INVALID('x', 'internal detail')
    })
    app.get('/string', async () => {
      throw 'internal detail'
    })
    for (const url of ['/coded', '/string']) {
      const response = await app.inject(url)
      assert.equal(response.statusCode, 500)
      assert.deepEqual(response.json(), GENERIC)
    }
  })

  test('the status is kept (error.statusCode, reply.code) with its own status text, and error headers', async (t) => {
    const app = appWith()
    t.after(() => app.close())
    app.get('/upstream', async () => {
      throw Object.assign(new Error('upstream 10.0.0.7 refused'), { statusCode: 502 })
    })
    app.get('/code', async (_request, reply) => {
      reply.code(503)
      throw new Error('pool exhausted')
    })
    // http-errors' convention (@fastify/sensible): a 5xx has expose: false; its headers are sent.
    app.get('/sensible', async () => {
      throw Object.assign(new Error('queue db-7 full'), {
        status: 503,
        expose: false,
        headers: { 'retry-after': '5' },
      })
    })
    const upstream = await app.inject('/upstream')
    assert.equal(upstream.statusCode, 502)
    assert.deepEqual(upstream.json(), { statusCode: 502, error: 'Bad Gateway', message: 'Bad Gateway' })
    const code = await app.inject('/code')
    assert.equal(code.statusCode, 503)
    assert.equal(code.json().message, 'Service Unavailable')
    const sensible = await app.inject('/sensible')
    assert.equal(sensible.statusCode, 503)
    assert.equal(sensible.headers['retry-after'], '5')
    assert.deepEqual(sensible.json(), {
      statusCode: 503,
      error: 'Service Unavailable',
      message: 'Service Unavailable',
    })
  })

  test('HTTP errors thrown on purpose keep their message and code, as FastAPI shows an HTTPException detail', async (t) => {
    const app = appWith()
    t.after(() => app.close())
    app.get('/503', async () => {
      throw new ServiceUnavailable('Retry later')
    })
    app.get('/500', async () => {
      throw new InternalServerError('Billing is down, try again in a minute', { code: 'BILLING_DOWN' })
    })
    app.get('/hidden', async () => {
      throw Object.assign(new HttpError(500, 'raw detail'), { expose: false })
    })
    app.get('/exposed', async () => {
      throw Object.assign(new Error('Maintenance until 14:00'), { statusCode: 503, expose: true })
    })
    assert.deepEqual((await app.inject('/503')).json(), {
      statusCode: 503,
      code: 'PORTICO_ERR_CORE_HTTP_SERVICE_UNAVAILABLE',
      error: 'Service Unavailable',
      message: 'Retry later',
    })
    assert.deepEqual((await app.inject('/500')).json(), {
      statusCode: 500,
      code: 'BILLING_DOWN',
      error: 'Internal Server Error',
      message: 'Billing is down, try again in a minute',
    })
    assert.deepEqual((await app.inject('/hidden')).json(), GENERIC)
    assert.equal((await app.inject('/exposed')).json().message, 'Maintenance until 14:00')
    // The flag is on the prototype: it is in no JSON of the error.
    assert.equal(JSON.stringify(new ServiceUnavailable('x')).includes('expose'), false)
  })

  test('exposeErrors: true sends every message (Fastify answers as it does by default)', async (t) => {
    const app = appWith({ exposeErrors: true })
    t.after(() => app.close())
    const response = await app.inject('/db')
    assert.equal(response.statusCode, 500)
    assert.deepEqual(response.json(), { ...GENERIC, message: SECRET })
  })
})

describe('4xx answers keep their message', () => {
  test('validation errors, HTTP errors, errors with a 4xx status, Fastify 413 and 415', async (t) => {
    const app = appWith({ fastify: { bodyLimit: 100 } })
    t.after(() => app.close())
    app.get('/user', async () => {
      throw new NotFound('User 3 not found', { code: 'USER_NOT_FOUND' })
    })
    app.get('/teapot', async () => {
      throw Object.assign(new Error('Short and stout'), { statusCode: 418 })
    })
    app.post(
      '/items',
      { schema: { body: Type.Object({ name: Type.String() }) } },
      async (request) => request.body,
    )
    assert.deepEqual((await app.inject('/user')).json(), {
      statusCode: 404,
      code: 'USER_NOT_FOUND',
      error: 'Not Found',
      message: 'User 3 not found',
    })
    assert.equal((await app.inject('/teapot')).json().message, 'Short and stout')
    const invalid = await app.inject({ method: 'POST', url: '/items', payload: {} })
    assert.equal(invalid.statusCode, 400)
    assert.equal(invalid.json().code, 'FST_ERR_VALIDATION')
    assert.equal(invalid.json().message, "body must have required property 'name'")
    const large = await app.inject({ method: 'POST', url: '/items', payload: { name: 'x'.repeat(200) } })
    assert.equal(large.statusCode, 413)
    assert.equal(large.json().code, 'FST_ERR_CTP_BODY_TOO_LARGE')
    assert.equal(large.json().message, 'Request body is too large')
    const media = await app.inject({
      method: 'POST',
      url: '/items',
      payload: 'x',
      headers: { 'content-type': 'application/x-nope' },
    })
    assert.equal(media.statusCode, 415)
    assert.match(media.json().message, /Unsupported Media Type/)
  })

  test('a 4xx is logged at info level, as Fastify does', async (t) => {
    const log = memoryStream()
    const app = appWith({ logger: { stream: log.stream } })
    t.after(() => app.close())
    app.get('/user', async () => {
      throw new NotFound('User 3 not found')
    })
    await app.inject('/user')
    const line = log.lines.find((entry) => entry.msg === 'User 3 not found')
    assert.equal(line?.level, 30)
    assert.equal(line?.res.statusCode, 404)
  })
  test('each error is logged once, as plain Fastify logs it (it was logged twice)', async (t) => {
    const routes = (app: FastifyInstance) => {
      app.get('/user', async () => {
        throw new NotFound('User 3 not found')
      })
      app.get('/exposed', async () => {
        throw Object.assign(new Error('Maintenance until 14:00'), { statusCode: 503, expose: true })
      })
      app.post('/items', { schema: { body: Type.Object({ name: Type.String() }) } }, async () => 'ok')
    }
    const errorLines = async (app: FastifyInstance, lines: Line[]) => {
      routes(app)
      t.after(() => app.close())
      const counts: Record<string, number> = {}
      for (const [method, url] of [
        ['GET', '/user'],
        ['GET', '/exposed'],
        ['POST', '/items'],
      ] as const) {
        const before = lines.length
        const response = await app.inject({ method, url, payload: method === 'POST' ? {} : undefined })
        counts[`${url} ${response.statusCode}`] = lines.slice(before).filter((line) => line.err).length
      }
      return counts
    }
    const ours = memoryStream()
    const theirs = memoryStream()
    const plain = await errorLines(Fastify({ logger: { stream: theirs.stream } }), theirs.lines)
    const portico = await errorLines(appWith({ logger: { stream: ours.stream } }), ours.lines)
    assert.deepEqual(plain, { '/user 404': 1, '/exposed 503': 1, '/items 400': 1 })
    assert.deepEqual(portico, plain)
  })
})

describe("the user's own setErrorHandler", () => {
  test('on the app: theirs wins, without Fastify warning of an override (nor failing under allowErrorHandlerOverride: false)', async (t) => {
    const warnings: Error[] = []
    const onWarning = (warning: Error) => void warnings.push(warning)
    process.on('warning', onWarning)
    t.after(() => process.off('warning', onWarning))
    for (const allowErrorHandlerOverride of [true, false]) {
      const app = appWith({ fastify: { allowErrorHandlerOverride } })
      t.after(() => app.close())
      app.setErrorHandler((error, _request, reply) => {
        reply.code(500).send({ mine: (error as Error).message })
      })
      assert.deepEqual((await app.inject('/db')).json(), { mine: SECRET })
    }
    // Warnings are emitted on the next tick.
    await new Promise((resolve) => setImmediate(resolve))
    assert.deepEqual(
      warnings.filter((warning) => (warning as { code?: string }).code === 'FSTWRN004'),
      [],
    )
  })

  test('in a plugin (encapsulated or fastify-plugin): theirs wins there, ours elsewhere; an error they pass on is hidden', async (t) => {
    const app = appWith()
    t.after(() => app.close())
    app.register(async (child) => {
      child.setErrorHandler((error, _request, reply) => {
        reply.code(500).send({ child: (error as Error).message })
      })
      child.get('/child', async () => {
        throw new Error('child detail')
      })
    })
    app.register(async (child) => {
      // Passing the error on reaches createApp's handler, not Fastify's default.
      child.setErrorHandler((error, _request, reply) => {
        reply.send(error)
      })
      child.get('/passed', async () => {
        throw new Error('passed detail')
      })
    })
    assert.deepEqual((await app.inject('/child')).json(), { child: 'child detail' })
    assert.deepEqual((await app.inject('/passed')).json(), GENERIC)
    assert.deepEqual((await app.inject('/db')).json(), GENERIC)

    const withPlugin = createApp({ openapi: false })
    t.after(() => withPlugin.close())
    // What fastify-plugin does: the plugin runs on the app itself, not in a child context.
    const plugin = async (root: FastifyInstance) => {
      root.setErrorHandler((error, _request, reply) => {
        reply.code(500).send({ plugin: (error as Error).message })
      })
    }
    Object.assign(plugin, { [Symbol.for('skip-override')]: true })
    withPlugin.register(plugin)
    // Routes registered after the plugin (Fastify gives a route the handler of when it is added).
    withPlugin.register(async (child) => {
      child.get('/db', async () => {
        throw new Error(SECRET)
      })
    })
    assert.deepEqual((await withPlugin.inject('/db')).json(), { plugin: SECRET })
  })

  test('app.errorHandler, called from theirs, is createApp handler (5xx hidden)', async (t) => {
    const app = appWith()
    t.after(() => app.close())
    app.setErrorHandler((error, request, reply) => {
      reply.header('x-mine', '1')
      return app.errorHandler(error, request, reply)
    })
    const response = await app.inject('/db')
    assert.equal(response.headers['x-mine'], '1')
    assert.deepEqual(response.json(), GENERIC)
  })
})

describe('the docs routes and the document', () => {
  test('a failing document generation answers 500 without its message; docs route errors are hidden', async (t) => {
    const app = createApp()
    t.after(() => app.close())
    // @fastify/swagger throws while generating: links for a response the route does not declare.
    app.register(async (child) => {
      child.get('/b', { links: { 201: { operationId: 'x' } } } as never, async () => 'b')
    })
    app.addHook('onRequest', async (request) => {
      if (request.url.startsWith('/docs')) throw new Error('docs hook detail')
    })
    const document = await app.inject('/openapi.json')
    assert.equal(document.statusCode, 500)
    assert.deepEqual(document.json(), GENERIC)
    const docs = await app.inject('/docs')
    assert.equal(docs.statusCode, 500)
    assert.deepEqual(docs.json(), GENERIC)
  })

  test('with exposeErrors the generation failure says why', async (t) => {
    const app = createApp({ exposeErrors: true })
    t.after(() => app.close())
    app.register(async (child) => {
      child.get('/b', { links: { 201: { operationId: 'x' } } } as never, async () => 'b')
    })
    const document = await app.inject('/openapi.json')
    assert.equal(document.statusCode, 500)
    assert.match(document.json().message, /missing status code 201/)
  })
})
