import assert from 'node:assert/strict'
import { Writable } from 'node:stream'
import { test } from 'node:test'
import {
  BackgroundTasks,
  BadRequest,
  Controller,
  Depends,
  dependency,
  Get,
  Param,
  PORTICO_ERR_CORE_BACKGROUND_TASK_INVALID,
  portico,
} from '@portico/core'
import { Type } from '@sinclair/typebox'
import Fastify from 'fastify'

// BackgroundTasks: after the response, in order, errors logged with the request id, skipped when
// the request failed, awaited by app.close().

function deferred() {
  let resolve!: () => void
  const promise = new Promise<void>((r) => {
    resolve = r
  })
  return { promise, resolve }
}

/** A pino destination keeping every line, parsed. */
function logLines() {
  const lines: Record<string, unknown>[] = []
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      for (const line of String(chunk).split('\n')) if (line) lines.push(JSON.parse(line))
      callback()
    },
  })
  return { lines, stream }
}

test('tasks run after the response is sent, in order; the client has the response first', async (t) => {
  const events: string[] = []
  const release = deferred()
  const done = deferred()
  // A dependency adding a task too: one BackgroundTasks per request, shared.
  const audit = dependency({ tasks: BackgroundTasks }, ({ tasks }) => {
    tasks.add((what: string) => void events.push(what), 'audit')
  })

  @Controller()
  class Api {
    @Get('/books/:id', { params: Type.Object({ id: Type.Integer() }), dependencies: [audit] })
    read(@Param('id') id: number, @Depends(BackgroundTasks) tasks: BackgroundTasks) {
      tasks.add(async (n: number) => {
        events.push(`slow ${n} started`)
        await release.promise
        events.push(`slow ${n} done`)
      }, id)
      tasks.add(() => {
        events.push('last')
        done.resolve()
      })
      events.push('handler')
      return { id }
    }
  }

  const app = Fastify()
  t.after(() => app.close())
  await app.register(portico, { controllers: [Api] })
  const address = await app.listen({ host: '127.0.0.1', port: 0 })
  const response = await fetch(`${address}/books/7`)
  assert.deepEqual(await response.json(), { id: 7 })
  // The client has the whole response while the slow task is still waiting.
  assert.deepEqual(events.slice(0, 1), ['handler'])
  assert.ok(!events.includes('slow 7 done'))
  release.resolve()
  await done.promise
  assert.deepEqual(events, ['handler', 'audit', 'slow 7 started', 'slow 7 done', 'last'])
})

test('a failing task is logged with the request id, and the next task still runs', async (t) => {
  const { lines, stream } = logLines()
  const ran = deferred()
  @Controller()
  class Api {
    @Get('/')
    get(@Depends(BackgroundTasks) tasks: BackgroundTasks) {
      tasks.add(function sendMail() {
        throw new Error('SMTP down')
      })
      tasks.add(() => ran.resolve())
      return { ok: true }
    }
  }
  const app = Fastify({ logger: { level: 'info', stream } })
  t.after(() => app.close())
  await app.register(portico, { controllers: [Api] })
  const response = await app.inject({ url: '/', headers: { 'request-id': 'x' } })
  assert.equal(response.statusCode, 200)
  await ran.promise
  const failure = lines.find((line) => line.msg === 'background task failed')
  assert.ok(failure, JSON.stringify(lines))
  const requestLine = lines.find((line) => line.msg === 'incoming request')!
  assert.equal(failure.reqId, requestLine.reqId)
  assert.equal(failure.level, 50)
  assert.equal(failure.task, 'sendMail')
  assert.equal((failure.err as { message: string }).message, 'SMTP down')
})

test('tasks of a failed request do not run', async (t) => {
  let ran = false
  @Controller()
  class Api {
    @Get('/')
    get(@Depends(BackgroundTasks) tasks: BackgroundTasks) {
      tasks.add(() => {
        ran = true
      })
      throw new BadRequest('no')
    }
  }
  const app = Fastify()
  t.after(() => app.close())
  await app.register(portico, { controllers: [Api] })
  assert.equal((await app.inject('/')).statusCode, 400)
  await app.close()
  assert.equal(ran, false)
})

test('app.close() waits for pending and running tasks', async () => {
  const events: string[] = []
  @Controller()
  class Api {
    @Get('/')
    get(@Depends(BackgroundTasks) tasks: BackgroundTasks) {
      tasks.add(async () => {
        await new Promise((resolve) => setTimeout(resolve, 100))
        events.push('first')
      })
      tasks.add(async () => {
        await new Promise((resolve) => setTimeout(resolve, 50))
        events.push('second')
      })
      return {}
    }
  }
  const app = Fastify()
  await app.register(portico, { controllers: [Api] })
  assert.equal((await app.inject('/')).statusCode, 200)
  assert.deepEqual(events, [])
  await app.close()
  assert.deepEqual(events, ['first', 'second'])
})

test('add() needs a function: a call instead of a function fails naming what it got', () => {
  const tasks = new BackgroundTasks()
  assert.throws(
    () => tasks.add(Promise.resolve() as never),
    (error: Error) =>
      error instanceof PORTICO_ERR_CORE_BACKGROUND_TASK_INVALID &&
      /expects a function, got a Promise \(pass the function, not its call/.test(error.message),
  )
  assert.throws(() => tasks.add(null as never), /got null/)
  tasks.add((a: number, b: string) => `${a}${b}`, 1, 'x')
  assert.equal(tasks.size, 1)
})
