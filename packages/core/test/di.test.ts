import 'reflect-metadata'
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Controller, FASTIFY, Get, Inject, Injectable, InjectionToken, portico } from '@portico/core'
import Fastify, { type FastifyInstance } from 'fastify'
import type { Db } from './fixture-db.js'
import { appWith, startupError } from './helpers.js'

@Injectable()
class Clock {
  now() {
    return 1700000000
  }
}

@Injectable()
class Greeter {
  static created = 0
  constructor(readonly clock: Clock) {
    Greeter.created++
  }
  greet(name: string) {
    return `hello ${name} at ${this.clock.now()}`
  }
}

test('constructor injection from design:paramtypes, one instance per app', async (t) => {
  @Controller()
  class A {
    constructor(readonly greeter: Greeter) {}
    @Get('/a')
    a() {
      return { text: this.greeter.greet('a') }
    }
  }
  @Controller()
  class B {
    constructor(readonly greeter: Greeter) {}
    @Get('/same')
    same() {
      return { created: Greeter.created }
    }
  }
  Greeter.created = 0
  const app = await appWith(t, { controllers: [A, B], providers: [Greeter] })
  assert.deepEqual((await app.inject('/a')).json(), { text: 'hello a at 1700000000' })
  assert.deepEqual((await app.inject('/same')).json(), { created: 1 })
  // A second app gets its own instances.
  await appWith(t, { controllers: [A], providers: [Greeter] })
  assert.equal(Greeter.created, 2)
})

test('useValue, useClass and async useFactory with an inject list', async (t) => {
  const CONFIG = new InjectionToken<{ prefix: string }>('CONFIG')
  abstract class Store {
    abstract get(): string
  }
  @Injectable()
  class MemoryStore extends Store {
    get() {
      return 'memory'
    }
  }
  const DB = Symbol('db')
  @Controller()
  class C {
    constructor(
      @Inject(CONFIG) readonly config: { prefix: string },
      readonly store: Store,
      @Inject(DB) readonly db: { url: string },
      @Inject('greeting') readonly greeting: string,
    ) {}
    @Get('/')
    show() {
      return { prefix: this.config.prefix, store: this.store.get(), db: this.db.url, greeting: this.greeting }
    }
  }
  const app = await appWith(t, {
    controllers: [C],
    providers: [
      { provide: CONFIG, useValue: { prefix: 'p' } },
      { provide: Store, useClass: MemoryStore },
      {
        provide: DB,
        useFactory: async (config: { prefix: string }) => {
          await new Promise((resolve) => setTimeout(resolve, 5))
          return { url: `${config.prefix}://db` }
        },
        inject: [CONFIG],
      },
      { provide: 'greeting', useValue: 'hi' },
    ],
  })
  assert.deepEqual((await app.inject('/')).json(), {
    prefix: 'p',
    store: 'memory',
    db: 'p://db',
    greeting: 'hi',
  })
})

test('an @Injectable class not listed in providers is provided on first use; FASTIFY is the context', async (t) => {
  @Injectable()
  class Unlisted {
    value = 'auto'
  }
  @Controller()
  class C {
    constructor(
      readonly unlisted: Unlisted,
      @Inject(FASTIFY) readonly app: FastifyInstance,
    ) {}
    @Get('/')
    show() {
      return { value: this.unlisted.value, prefix: this.app.prefix }
    }
  }
  const app = Fastify()
  t.after(() => app.close())
  await app.register(async (sub) => sub.register(portico, { controllers: [C] }), { prefix: '/mount' })
  assert.deepEqual((await app.inject('/mount')).json(), { value: 'auto', prefix: '/mount' })
})

test('a missing provider fails at startup naming the token, class and parameter', async () => {
  @Controller()
  class NeedsToken {
    constructor(@Inject('apiKey') readonly key: string) {}
  }
  const err = await startupError({ controllers: [NeedsToken] })
  assert.equal(err.code, 'PORTICO_ERR_CORE_DI_PROVIDER_MISSING')
  assert.match(err.message, /No provider for 'apiKey', needed by parameter #0 of NeedsToken/)

  class NotInjectable {}
  @Controller()
  class NeedsClass {
    constructor(
      readonly clock: Clock,
      readonly dep: NotInjectable,
    ) {}
  }
  const err2 = await startupError({ controllers: [NeedsClass] })
  assert.equal(err2.code, 'PORTICO_ERR_CORE_DI_PROVIDER_MISSING')
  assert.match(err2.message, /No provider for NotInjectable, needed by parameter #1 of NeedsClass/)
  assert.match(err2.message, /decorate NotInjectable with @Injectable\(\)/)
})

test('an undefined parameter type (circular import) fails at startup naming class, index and cause', async () => {
  @Injectable()
  class Late {}
  @Controller()
  class Cyclic {
    constructor(
      readonly ok: Clock,
      readonly late: Late,
    ) {}
  }
  // A CommonJS circular import leaves the class binding undefined when the decorator metadata is
  // emitted, so design:paramtypes holds `undefined` at that index. Reproduce that exactly.
  Reflect.defineMetadata('design:paramtypes', [Clock, undefined], Cyclic)
  const err = await startupError({ controllers: [Cyclic] })
  assert.equal(err.code, 'PORTICO_ERR_CORE_DI_DEPENDENCY_UNDEFINED')
  assert.match(err.message, /parameter #1 of Cyclic: its type is undefined at runtime/)
  assert.match(err.message, /circular import/)
})

test('an interface-typed parameter without @Inject fails naming the class and index', async () => {
  interface Mailer {
    send(): void
  }
  @Controller()
  class C {
    constructor(readonly mailer: Mailer) {}
  }
  const err = await startupError({ controllers: [C] })
  assert.equal(err.code, 'PORTICO_ERR_CORE_DI_TYPE_UNINJECTABLE')
  assert.match(err.message, /parameter #0 of C: its type Object is not injectable/)
  assert.match(err.message, /@Inject\(token\)/)
})

test('a class imported with `import type` fails suggesting a value import, naming the parameter', async () => {
  @Controller()
  class Repo {
    // `Db` is imported with `import type`: tsc emits Function as its design type.
    constructor(readonly db: Db) {}
  }
  const err = await startupError({ controllers: [Repo] })
  assert.equal(err.code, 'PORTICO_ERR_CORE_DI_TYPE_UNINJECTABLE')
  assert.equal(
    err.message,
    'Cannot resolve parameter #0 of Repo: `db` has type Function at runtime. If it is typed with a class, ' +
      'that class was imported with `import type` (or in an import the compiler elided as type-only): ' +
      'import the class as a value (`import { TheClass } from ...`, not `import type`). For a function type, use ' +
      '@Inject(token)',
  )
})

test('providers depending on each other in a cycle fail at startup naming the cycle', async () => {
  const A = new InjectionToken<unknown>('A')
  const B = new InjectionToken<unknown>('B')
  const err = await startupError({
    providers: [
      { provide: A, useFactory: (b: unknown) => ({ b }), inject: [B] },
      { provide: B, useFactory: (a: unknown) => ({ a }), inject: [A] },
    ],
  })
  assert.equal(err.code, 'PORTICO_ERR_CORE_DI_DEPENDENCY_CIRCULAR')
  assert.match(err.message, /InjectionToken\(A\) -> InjectionToken\(B\) -> InjectionToken\(A\)/)
})

test('a malformed provider fails at startup naming its index', async () => {
  const err = await startupError({ providers: [{ provide: 'x' } as never] })
  assert.equal(err.code, 'PORTICO_ERR_CORE_DI_PROVIDER_INVALID')
  assert.match(err.message, /providers\[0\] \('x'\)/)
})

test('onReady runs dependencies first and onClose dependents first, tied to Fastify hooks', async () => {
  const events: string[] = []
  @Injectable()
  class Db {
    async onReady() {
      await new Promise((resolve) => setTimeout(resolve, 5))
      events.push('db ready')
    }
    async onClose() {
      events.push('db close')
    }
  }
  @Injectable()
  class Repo {
    constructor(readonly db: Db) {}
    onReady() {
      events.push('repo ready')
    }
    onClose() {
      events.push('repo close')
    }
  }
  @Controller()
  class C {
    constructor(readonly repo: Repo) {}
    onReady() {
      events.push('controller ready')
    }
    @Get('/')
    get() {
      return { events }
    }
  }
  const app = Fastify()
  await app.register(portico, { controllers: [C], providers: [Repo, Db] })
  assert.deepEqual(events, [], 'nothing runs before ready')
  await app.ready()
  assert.deepEqual(events, ['db ready', 'repo ready', 'controller ready'])
  await app.close()
  assert.deepEqual(events, ['db ready', 'repo ready', 'controller ready', 'repo close', 'db close'])
})

test('a controller also listed in providers, or injected elsewhere, is still one instance', async (t) => {
  let created = 0
  @Injectable()
  @Controller('/c')
  class C {
    constructor() {
      created++
    }
    @Get()
    get() {
      return { created }
    }
  }
  @Injectable()
  class UsesController {
    constructor(readonly c: C) {}
  }
  const app = await appWith(t, { controllers: [C], providers: [C, UsesController] })
  assert.deepEqual((await app.inject('/c')).json(), { created: 1 })
})
