import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Controller, Get, type Hooks, Injectable, portico, Unauthorized, UseHooks } from '@portico/core'
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify'

// Hook classes: `@UseHooks(AuditHooks)` binds AuditHooks' hook-named methods to its single instance,
// created by the container, so hooks reach injected services.

@Injectable()
class AuditLog {
  readonly entries: string[] = []
  record(entry: string) {
    this.entries.push(entry)
  }
}

@Injectable()
class AuditHooks {
  static created = 0
  constructor(readonly audit: AuditLog) {
    AuditHooks.created++
  }
  async onRequest(request: FastifyRequest) {
    this.audit.record(`onRequest ${request.url}`)
  }
  preHandler(request: FastifyRequest, _reply: FastifyReply, done: () => void) {
    this.audit.record(`preHandler ${request.url}`)
    done()
  }
  async onResponse(request: FastifyRequest, reply: FastifyReply) {
    this.audit.record(`onResponse ${request.url} ${reply.statusCode}`)
  }
  /** Not a hook name: never attached. */
  helper() {
    return 'not a hook'
  }
}

@Injectable()
class RequireKey {
  constructor(readonly audit: AuditLog) {}
  async onRequest(request: FastifyRequest) {
    if (request.headers['x-key'] !== 'secret') {
      this.audit.record('refused')
      throw new Unauthorized('Missing key')
    }
  }
}

test('a hook class on a controller: its methods are the hooks, `this` is its instance with its services', async (t) => {
  @UseHooks(AuditHooks)
  @Controller('/audited')
  class Audited {
    constructor(readonly audit: AuditLog) {}
    @Get()
    get() {
      this.audit.record('handler')
      return 'ok'
    }
    @Get('/log')
    log() {
      return this.audit.entries
    }
  }
  AuditHooks.created = 0
  const app = Fastify()
  t.after(() => app.close())
  await app.register(portico, { controllers: [Audited] })
  assert.equal((await app.inject('/audited')).body, 'ok')
  const entries = (await app.inject('/audited/log')).json()
  assert.deepEqual(entries.slice(0, 4), [
    'onRequest /audited',
    'preHandler /audited',
    'handler',
    'onResponse /audited 200',
  ])
  assert.equal(AuditHooks.created, 1)
})

test('a hook class on a method, with plain hooks around it, keeps the written order', async (t) => {
  const order: string[] = []
  const plain = (label: string): Hooks => ({
    onRequest: async () => {
      order.push(label)
    },
  })
  @Injectable()
  class Recorder {
    async onRequest() {
      order.push('class')
    }
  }
  @UseHooks(plain('controller'))
  @Controller('/m')
  class M {
    @UseHooks(plain('before'))
    @UseHooks(Recorder)
    @UseHooks(plain('after'))
    @Get()
    get() {
      return 'ok'
    }
  }
  const app = Fastify()
  t.after(() => app.close())
  await app.register(portico, { controllers: [M] })
  await app.inject('/m')
  assert.deepEqual(order, ['controller', 'before', 'class', 'after'])
})

test('a hook class that throws answers with its error; one instance shared across controllers and with the app', async (t) => {
  @UseHooks(RequireKey)
  @Controller('/a')
  class A {
    @Get()
    get() {
      return 'a'
    }
  }
  @Controller('/b')
  class B {
    constructor(readonly audit: AuditLog) {}
    @UseHooks(RequireKey)
    @Get()
    get() {
      return this.audit.entries
    }
  }
  const app = Fastify()
  t.after(() => app.close())
  await app.register(portico, { controllers: [A, B] })
  const refused = await app.inject('/a')
  assert.equal(refused.statusCode, 401)
  assert.equal(refused.json().message, 'Missing key')
  assert.deepEqual((await app.inject({ url: '/b', headers: { 'x-key': 'secret' } })).json(), ['refused'])
})

test('a hook class listed in providers can be configured (useClass), and is shared with a sub-application', async (t) => {
  const seen: string[] = []
  @Injectable()
  class BaseHooks {
    async onRequest() {
      seen.push('base')
    }
  }
  @Injectable()
  class TestHooks extends BaseHooks {
    override async onRequest() {
      seen.push('test')
    }
  }
  @UseHooks(BaseHooks)
  @Controller('/h')
  class H {
    @Get()
    get() {
      return 'ok'
    }
  }
  const app = Fastify()
  t.after(() => app.close())
  await app.register(portico, { controllers: [H], providers: [{ provide: BaseHooks, useClass: TestHooks }] })
  await app.register(
    async (child) => {
      await child.register(portico, { controllers: [H] })
    },
    { prefix: '/sub' },
  )
  await app.inject('/h')
  await app.inject('/sub/h')
  assert.deepEqual(seen, ['test', 'test'])
})

test('@UseHooks rejects a class with no hook method and a non-object, naming the place', () => {
  class NotHooks {
    run() {}
  }
  assert.throws(
    () => {
      @UseHooks(NotHooks)
      @Controller()
      class X {}
      return X
    },
    (error: Error & { code?: string }) => {
      assert.equal(error.code, 'PORTICO_ERR_CORE_HOOKS_INVALID')
      assert.match(error.message, /@UseHooks\(\) on X: NotHooks has no method named like a Fastify hook/)
      return true
    },
  )
  assert.throws(() => {
    class Y {
      @UseHooks('onRequest' as never)
      @Get()
      get() {}
    }
    return Y
  }, /Invalid hooks @UseHooks\(\) on Y\.get: expected a hooks object or a hook class/)
})
