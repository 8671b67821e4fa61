import assert from 'node:assert/strict'
import { once } from 'node:events'
import { request as httpRequest, type IncomingMessage } from 'node:http'
import { test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { Controller, EventStream, Get, portico, ServerSentEvent, sse } from '@portico/core'
import { Type } from '@sinclair/typebox'
import Fastify, { type FastifyInstance } from 'fastify'

const Tick = Type.Object({ n: Type.Integer() })

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void
  const promise = new Promise<void>((r) => {
    resolve = r
  })
  return { promise, resolve }
}

/** A gate the test opens to let the source yield its next event. */
class Gate {
  #open: (() => void) | undefined
  #waiting = deferred()
  wait(): Promise<void> {
    const { promise, resolve } = deferred()
    this.#open = resolve
    this.#waiting.resolve()
    return promise
  }
  /** Resolves once the source waits at the gate. */
  async waiting(): Promise<void> {
    await this.#waiting.promise
    this.#waiting = deferred()
  }
  open(): void {
    this.#open?.()
  }
}

const gate = new Gate()
const cleanup = { returned: 0 }

@Controller('/events')
class Events {
  @Get('/fields', { response: { 200: sse(Tick) } })
  fields() {
    return new EventStream(
      [
        { n: 1 },
        new ServerSentEvent({ n: 2 }, { event: 'tick', id: 2 }),
        new ServerSentEvent('two\nlines', { event: 'bad\r\nevent: injected', id: '3\n' }),
        new ServerSentEvent(undefined, { comment: 'just a comment', retry: 1000 }),
      ] as Iterable<{ n: number } | ServerSentEvent<{ n: number }>>,
      { retry: 2500, keepAlive: 0 },
    )
  }
  @Get('/gated', { response: { 200: sse(Tick) } })
  gated() {
    async function* ticks() {
      try {
        for (let n = 1; ; n++) {
          yield { n }
          await gate.wait()
        }
      } finally {
        cleanup.returned++
      }
    }
    return new EventStream(ticks(), { keepAlive: 0 })
  }
  @Get('/failing', { response: { 200: sse() } })
  failing() {
    async function* broken() {
      yield 'first'
      throw new Error('source failed')
    }
    return new EventStream(broken(), { keepAlive: 0 })
  }
  @Get('/failing-early', { response: { 200: sse() } })
  failingEarly() {
    // biome-ignore lint/correctness/useYield: a source that fails before its first event
    async function* broken() {
      throw new Error('source failed early')
    }
    return new EventStream(broken(), { keepAlive: 0 })
  }
  @Get('/quiet', { response: { 200: sse() } })
  async quiet() {
    async function* nothing() {
      await sleep(10_000, undefined, { ref: false })
      yield 'late'
    }
    return new EventStream(nothing(), { keepAlive: 40 })
  }
}

async function listening(t: {
  after: (fn: () => unknown) => void
}): Promise<{ app: FastifyInstance; port: number }> {
  const app = Fastify({ forceCloseConnections: true })
  t.after(() => app.close())
  await app.register(portico, { controllers: [Events] })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const address = app.server.address()
  return { app, port: typeof address === 'object' && address ? address.port : 0 }
}

function get(port: number, path: string): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, path, agent: false, headers: { accept: 'text/event-stream' } },
      resolve,
    )
    req.on('error', reject)
    req.end()
  })
}

/** Reads from `res` until `text` has arrived; returns everything read so far. */
async function readUntil(res: IncomingMessage, text: string, seen = { body: '' }): Promise<string> {
  while (!seen.body.includes(text)) {
    const [chunk] = (await Promise.race([
      once(res, 'data'),
      sleep(3000, undefined, { ref: false }).then(() => {
        throw new Error(`timed out waiting for ${JSON.stringify(text)}; got ${JSON.stringify(seen.body)}`)
      }),
    ])) as [Buffer]
    seen.body += chunk.toString('utf8')
  }
  return seen.body
}

test('events: data lines (JSON), event/id/retry fields, comments, no field injection', async (t) => {
  const { app } = await listening(t)
  const res = await app.inject('/events/fields')
  assert.equal(res.statusCode, 200)
  assert.equal(res.headers['content-type'], 'text/event-stream')
  assert.equal(res.headers['cache-control'], 'no-cache')
  assert.equal(res.headers['x-accel-buffering'], 'no')
  assert.equal(
    res.body,
    [
      'retry: 2500\n\n',
      'data: {"n":1}\n\n',
      'event: tick\nid: 2\ndata: {"n":2}\n\n',
      'event: badevent: injected\nid: 3\ndata: two\ndata: lines\n\n',
      ': just a comment\nretry: 1000\n\n',
    ].join(''),
  )
})

test('each event is sent when yielded, and a client disconnect calls the iterator return()', async (t) => {
  const { port } = await listening(t)
  const before = cleanup.returned
  const res = await get(port, '/events/gated')
  assert.equal(res.headers['content-type'], 'text/event-stream')
  const seen = { body: '' }
  // The first event arrives while the source is still waiting at the gate for the second.
  await readUntil(res, 'data: {"n":1}\n\n', seen)
  await gate.waiting()
  assert.equal(seen.body.includes('"n":2'), false)
  gate.open()
  await readUntil(res, 'data: {"n":2}\n\n', seen)
  await gate.waiting()
  // The client goes away while the generator waits: its finally runs once the gate opens.
  res.destroy()
  await sleep(50)
  gate.open()
  for (let i = 0; i < 100 && cleanup.returned === before; i++) await sleep(10)
  assert.equal(cleanup.returned, before + 1)
})

test('a quiet stream sends keep-alive comments on the interval', async (t) => {
  const { port } = await listening(t)
  const res = await get(port, '/events/quiet')
  const body = await readUntil(res, ': keep-alive\n\n')
  assert.equal(body.startsWith(': keep-alive\n\n'), true)
  res.destroy()
})

test('sse() documents text/event-stream for Fastify: the route serializes nothing itself', async (t) => {
  const app = Fastify()
  t.after(() => app.close())
  const schemas: unknown[] = []
  app.addHook('onRoute', (route) => {
    if (route.url === '/events/fields') schemas.push(route.schema?.response)
  })
  await app.register(portico, { controllers: [Events] })
  await app.ready()
  const response = schemas[0] as Record<
    string,
    { content: Record<string, { schema: Record<string, unknown> }> }
  >
  const media = response['200']!.content['text/event-stream']!
  assert.equal(media.schema.type, 'string')
  assert.deepEqual(Object.keys(media.schema['x-portico-event'] as object).sort(), [
    'properties',
    'required',
    'type',
  ])
})

test('HEAD on an event stream route answers the headers without reading the source', async (t) => {
  const { app } = await listening(t)
  const before = cleanup.returned
  const res = await app.inject({ method: 'HEAD', url: '/events/gated' })
  assert.equal(res.statusCode, 200)
  assert.equal(res.headers['content-type'], 'text/event-stream')
  assert.equal(res.body, '')
  // The generator was never started, so it has nothing to clean up.
  assert.equal(cleanup.returned, before)
})

test('a source that fails ends the stream after the events it sent; before any, the reply is a 500', async (t) => {
  const { port } = await listening(t)
  const res = await get(port, '/events/failing')
  assert.equal(res.statusCode, 200)
  let body = ''
  // The server ends the response by closing the connection: the client sees it aborted.
  res.on('error', () => {})
  res.on('data', (chunk: Buffer) => {
    body += chunk.toString('utf8')
  })
  await new Promise((resolve) => res.on('close', resolve))
  assert.equal(body, 'data: first\n\n')
  const early = await get(port, '/events/failing-early')
  assert.equal(early.statusCode, 500)
  early.resume()
})
