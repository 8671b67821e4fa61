import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Controller, Get, type Hooks, portico, Unauthorized, UseHooks } from '@portico/core'
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify'

/** Hooks that record `label` for every hook name they cover, in run order. */
function recorder(log: string[], label: string): Hooks {
  return {
    onRequest: async () => {
      log.push(`${label}:onRequest`)
    },
    preHandler: (_request: FastifyRequest, _reply: FastifyReply, done: () => void) => {
      log.push(`${label}:preHandler`)
      done()
    },
    onSend: async (_request: FastifyRequest, _reply: FastifyReply, payload: unknown) => {
      log.push(`${label}:onSend`)
      return payload
    },
  }
}

test('hooks run instance first, then controller options, class @UseHooks top to bottom, then method', async (t) => {
  const log: string[] = []
  @UseHooks(recorder(log, 'class1'))
  @UseHooks(recorder(log, 'class2'))
  @Controller('/h', { hooks: recorder(log, 'controller') })
  class Hooked {
    @UseHooks(recorder(log, 'method1'))
    @Get('/')
    @UseHooks(recorder(log, 'method2'))
    get() {
      log.push('handler')
      return 'ok'
    }
    @Get('/plain')
    plain() {
      log.push('handler')
      return 'ok'
    }
  }
  const app = Fastify()
  t.after(() => app.close())
  app.addHook('onRequest', async () => {
    log.push('instance:onRequest')
  })
  await app.register(portico, { controllers: [Hooked] })
  const res = await app.inject('/h/')
  assert.equal(res.body, 'ok')
  const order = ['instance', 'controller', 'class1', 'class2', 'method1', 'method2']
  assert.deepEqual(log, [
    ...order.map((l) => `${l}:onRequest`),
    ...order.slice(1).map((l) => `${l}:preHandler`),
    'handler',
    ...order.slice(1).map((l) => `${l}:onSend`),
  ])
  log.length = 0
  await app.inject('/h/plain')
  assert.deepEqual(
    log.filter((l) => l.endsWith(':onRequest')),
    ['instance:onRequest', 'controller:onRequest', 'class1:onRequest', 'class2:onRequest'],
  )
})

test('inherited hooks run before the subclass ones, at class and at method level', async (t) => {
  const log: string[] = []
  @UseHooks(recorder(log, 'baseClass'))
  @Controller('/base', { hooks: recorder(log, 'baseController') })
  class Base {
    @UseHooks(recorder(log, 'baseMethod'))
    @Get('/')
    get() {
      return 'ok'
    }
  }
  @UseHooks(recorder(log, 'subClass'))
  @Controller('/sub', { hooks: recorder(log, 'subController') })
  class Sub extends Base {
    @UseHooks(recorder(log, 'subMethod'))
    override get() {
      return 'sub'
    }
  }
  const app = Fastify()
  t.after(() => app.close())
  await app.register(portico, { controllers: [Base, Sub] })
  assert.equal((await app.inject('/sub/')).body, 'sub')
  assert.deepEqual(
    log.filter((l) => l.endsWith(':onRequest')),
    [
      'baseController:onRequest',
      'baseClass:onRequest',
      'subController:onRequest',
      'subClass:onRequest',
      'baseMethod:onRequest',
      'subMethod:onRequest',
    ],
  )
  log.length = 0
  assert.equal((await app.inject('/base/')).body, 'ok')
  assert.deepEqual(
    log.filter((l) => l.endsWith(':onRequest')),
    ['baseController:onRequest', 'baseClass:onRequest', 'baseMethod:onRequest'],
  )
})

test('a hook that throws an HTTP error stops the request with that JSON error', async (t) => {
  const seen: string[] = []
  @Controller('/private', {
    hooks: {
      onRequest: async (request: FastifyRequest) => {
        if (request.headers.authorization !== 'Bearer ok') throw new Unauthorized('Missing or bad token')
      },
    },
  })
  class Private {
    @UseHooks({
      onError: async (_request: FastifyRequest, _reply: FastifyReply, error: Error) => {
        seen.push(error.message)
      },
      onResponse: async (_request: FastifyRequest, reply: FastifyReply) => {
        seen.push(`response ${reply.statusCode}`)
      },
    })
    @Get('/')
    get() {
      return { secret: 42 }
    }
  }
  const app = Fastify()
  t.after(() => app.close())
  await app.register(portico, { controllers: [Private] })
  const denied = await app.inject('/private/')
  assert.equal(denied.statusCode, 401)
  assert.deepEqual(denied.json(), {
    statusCode: 401,
    code: 'PORTICO_ERR_CORE_HTTP_UNAUTHORIZED',
    error: 'Unauthorized',
    message: 'Missing or bad token',
  })
  assert.deepEqual(seen, ['Missing or bad token', 'response 401'])
  const allowed = await app.inject({ url: '/private/', headers: { authorization: 'Bearer ok' } })
  assert.deepEqual(allowed.json(), { secret: 42 })
})

test('preValidation, preParsing and preSerialization hooks are attached too', async (t) => {
  const log: string[] = []
  @Controller()
  class C {
    @UseHooks({
      preParsing: async (_request: FastifyRequest, _reply: FastifyReply, payload: unknown) => {
        log.push('preParsing')
        return payload
      },
      preValidation: async () => {
        log.push('preValidation')
      },
      preSerialization: async (_request: FastifyRequest, _reply: FastifyReply, payload: unknown) => {
        log.push('preSerialization')
        return { ...(payload as object), wrapped: true }
      },
    })
    @Get('/')
    get() {
      return { value: 1 }
    }
  }
  const app = Fastify()
  t.after(() => app.close())
  await app.register(portico, { controllers: [C] })
  assert.deepEqual((await app.inject('/')).json(), { value: 1, wrapped: true })
  assert.deepEqual(log, ['preParsing', 'preValidation', 'preSerialization'])
})
