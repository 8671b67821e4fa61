import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  Controller,
  containerOf,
  FASTIFY,
  Get,
  Inject,
  Injectable,
  InjectionToken,
  type OnClose,
  portico,
  reserveContainer,
} from '@portico/core'
import Fastify, { type FastifyInstance } from 'fastify'

// Sub-applications (a `portico` registration in a context below another) share the instances of
// the registration above; their own `providers` entry gives them their own; overrides replace a
// provider without listing it twice.

let created = 0

@Injectable()
class BooksService {
  readonly id = ++created
}

@Controller('/books')
class BooksController {
  constructor(readonly books: BooksService) {}
  @Get()
  get() {
    return { id: this.books.id }
  }
}

@Controller('/admin')
class AdminController {
  constructor(readonly books: BooksService) {}
  @Get()
  get() {
    return { id: this.books.id }
  }
}

const idAt = async (app: FastifyInstance, url: string) => (await app.inject(url)).json().id as number

test('a registration in a child context shares the parent registration instances', async (t) => {
  created = 0
  const app = Fastify()
  t.after(() => app.close())
  await app.register(portico, { controllers: [BooksController], providers: [BooksService] })
  await app.register(
    async (child) => {
      await child.register(portico, { controllers: [AdminController] })
    },
    { prefix: '/sub' },
  )
  assert.equal(await idAt(app, '/books'), 1)
  assert.equal(await idAt(app, '/sub/admin'), 1, 'one BooksService for the app and the mount')
  assert.equal(created, 1)
})

test('an unlisted @Injectable() is created once, by the topmost registration', async (t) => {
  created = 0
  const app = Fastify()
  t.after(() => app.close())
  await app.register(portico, { controllers: [BooksController] })
  await app.register(
    async (child) => {
      await child.register(
        async (grandchild) => {
          await grandchild.register(portico, { controllers: [AdminController] })
        },
        { prefix: '/deeper' },
      )
    },
    { prefix: '/sub' },
  )
  assert.equal(await idAt(app, '/books'), 1)
  assert.equal(await idAt(app, '/sub/deeper/admin'), 1)
  assert.equal(created, 1)
})

test("a child's own `providers` entry gives it its own instance of that token", async (t) => {
  created = 0
  const app = Fastify()
  t.after(() => app.close())
  await app.register(portico, { controllers: [BooksController], providers: [BooksService] })
  await app.register(
    async (child) => {
      await child.register(portico, { controllers: [AdminController], providers: [BooksService] })
    },
    { prefix: '/sub' },
  )
  assert.equal(await idAt(app, '/books'), 1)
  assert.equal(await idAt(app, '/sub/admin'), 2)
})

test('FASTIFY is each registration its own context; shared services keep the parent one', async (t) => {
  const PREFIX = new InjectionToken<string>('PREFIX')
  @Injectable()
  class Where {
    constructor(@Inject(FASTIFY) readonly app: FastifyInstance) {}
  }
  @Controller('/where')
  class WhereController {
    constructor(
      readonly where: Where,
      @Inject(FASTIFY) readonly app: FastifyInstance,
      @Inject(PREFIX) readonly label: string,
    ) {}
    @Get()
    get() {
      return { shared: this.where.app.prefix, own: this.app.prefix, label: this.label }
    }
  }
  const app = Fastify()
  t.after(() => app.close())
  await app.register(portico, {
    controllers: [WhereController],
    providers: [{ provide: PREFIX, useValue: 'root' }],
  })
  await app.register(
    async (child) => {
      await child.register(portico, { controllers: [WhereController] })
    },
    { prefix: '/sub' },
  )
  assert.deepEqual((await app.inject('/where')).json(), { shared: '', own: '', label: 'root' })
  assert.deepEqual((await app.inject('/sub/where')).json(), { shared: '', own: '/sub', label: 'root' })
})

test('a shared instance is closed once, after the sub-application services that use it', async (t) => {
  const log: string[] = []
  @Injectable()
  class Pool implements OnClose {
    onClose() {
      log.push('pool')
    }
  }
  @Injectable()
  class Repo implements OnClose {
    constructor(readonly pool: Pool) {}
    onClose() {
      log.push('repo')
    }
  }
  @Controller('/r')
  class RepoController {
    constructor(readonly repo: Repo) {}
    @Get()
    get() {
      return 'ok'
    }
  }
  const app = Fastify()
  await app.register(portico, { providers: [Pool] })
  await app.register(
    async (child) => {
      await child.register(portico, { controllers: [RepoController], providers: [Repo] })
    },
    { prefix: '/sub' },
  )
  await app.ready()
  await app.close()
  assert.deepEqual(log, ['repo', 'pool'])
  t.diagnostic(log.join(','))
})

test('a container reserved before its plugin runs is the parent of a sub-application registered first', async (t) => {
  created = 0
  const app = Fastify()
  t.after(() => app.close())
  let built = 0
  reserveContainer(app, () => {
    built++
    return { providers: [BooksService] }
  })
  assert.equal(built, 0, 'built when first needed, not at once')
  // The sub-application's plugin runs before the app's own (createApp registers that one last).
  app.register(
    async (child) => {
      await child.register(portico, { controllers: [AdminController] })
    },
    { prefix: '/sub' },
  )
  app.register(portico, { controllers: [BooksController], providers: [BooksService] })
  await app.ready()
  assert.equal(built, 1)
  assert.equal(await idAt(app, '/sub/admin'), 1)
  assert.equal(await idAt(app, '/books'), 1)
  assert.equal(created, 1)
  assert.ok(containerOf(app))
})

test('a token override replaces the provider, for the sub-applications too, even where they list it', async (t) => {
  created = 0
  class FakeBooks {
    readonly id = 42
  }
  const app = Fastify()
  t.after(() => app.close())
  reserveContainer(app, () => ({
    providers: [BooksService],
    overrides: [{ provide: BooksService, useClass: FakeBooks }],
  }))
  app.register(portico, { controllers: [BooksController], providers: [BooksService] })
  app.register(
    async (child) => {
      await child.register(portico, { controllers: [AdminController], providers: [BooksService] })
    },
    { prefix: '/sub' },
  )
  await app.ready()
  assert.equal(await idAt(app, '/books'), 42)
  assert.equal(await idAt(app, '/sub/admin'), 42)
  assert.equal(created, 0, 'the real BooksService is never created')
})

test('an override of a token nobody lists needs no providers entry; useValue and useFactory', async (t) => {
  const CLOCK = new InjectionToken<() => number>('CLOCK')
  const START = new InjectionToken<number>('START')
  @Controller('/now')
  class NowController {
    constructor(
      @Inject(CLOCK) readonly clock: () => number,
      readonly books: BooksService,
    ) {}
    @Get()
    get() {
      return { now: this.clock(), id: this.books.id }
    }
  }
  const app = Fastify()
  t.after(() => app.close())
  reserveContainer(app, () => ({
    providers: [],
    overrides: [
      { provide: START, useValue: 1000 },
      { provide: CLOCK, useFactory: (start: number) => () => start + 1, inject: [START] },
      { provide: BooksService, useValue: { id: 7 } },
    ],
  }))
  app.register(portico, { controllers: [NowController] })
  await app.ready()
  assert.deepEqual((await app.inject('/now')).json(), { now: 1001, id: 7 })
  const container = containerOf(app)!
  assert.deepEqual(container.overrideOf(BooksService), { provide: BooksService, useValue: { id: 7 } })
  assert.equal(container.overrideOf('nothing'), undefined)
})

test('overrides of dependencies are kept for the dependency engine and not applied as providers', async (t) => {
  const dependencyLike = { resolve: () => 1 }
  let factoryCalls = 0
  @Injectable()
  class CurrentUser {
    resolve() {
      return { id: 1 }
    }
  }
  const app = Fastify()
  t.after(() => app.close())
  reserveContainer(app, () => ({
    providers: [],
    overrides: [
      { provide: dependencyLike, useValue: 2 },
      // A dependency class: replaced per request by the dependency engine, never created as a provider.
      { provide: CurrentUser, useFactory: () => ({ id: ++factoryCalls }) },
      { provide: BooksService, useDependency: dependencyLike },
    ],
  }))
  app.register(portico, { controllers: [BooksController] })
  app.register(async (child) => {
    await child.register(portico, {})
  })
  await app.ready()
  const root = containerOf(app)!
  assert.deepEqual(root.overrideOf(dependencyLike), { provide: dependencyLike, useValue: 2 })
  assert.equal(root.provides(dependencyLike), false)
  assert.equal(root.provides(CurrentUser), false)
  assert.equal(factoryCalls, 0)
  assert.ok(root.overrideOf(CurrentUser))
  assert.equal(
    (await root.get(BooksService)).value instanceof BooksService,
    true,
    'useDependency is no provider',
  )
})

test('a malformed override fails at startup naming it', async () => {
  const app = Fastify()
  reserveContainer(app, () => ({ providers: [], overrides: [{ provide: BooksService } as never] }))
  app.register(portico, { controllers: [BooksController] })
  await assert.rejects(
    async () => {
      await app.ready()
    },
    (error: Error & { code?: string }) => {
      assert.equal(error.code, 'PORTICO_ERR_CORE_DI_PROVIDER_INVALID')
      assert.match(error.message, /overrides\[0\] \(BooksService\)/)
      return true
    },
  )
  await app.close().catch(() => {})
})
