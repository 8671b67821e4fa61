import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  Controller,
  createApp,
  createSubApp,
  Depends,
  dependency,
  Get,
  header,
  Injectable,
  type PorticoApp,
  type Resolved,
  Unauthorized,
} from 'portico'

// createApp wiring of DI scopes: sub-applications share the app's providers, `overrides` and
// `app.dependencyOverrides` replace providers and dependencies, `dependencies` guard every route.

let created = 0

@Injectable()
class BooksService {
  readonly id = ++created
  title() {
    return 'Dune'
  }
}

class InMemoryBooks {
  readonly id = 99
  title() {
    return 'Fake'
  }
}

@Controller('/books')
class BooksController {
  constructor(readonly books: BooksService) {}
  @Get()
  get() {
    return { id: this.books.id, title: this.books.title() }
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

const json = async (app: PorticoApp, url: string, headers: Record<string, string> = {}) => {
  const res = await app.inject({ url, headers })
  return { status: res.statusCode, body: res.json() }
}

test('a createSubApp mount shares the app providers: one BooksService for both', async (t) => {
  created = 0
  const app = createApp({ controllers: [BooksController], providers: [BooksService], openapi: false })
  t.after(() => app.close())
  // Registered before the app's own plugin runs (createApp registers it last, at the first ready()).
  app.register(createSubApp({ controllers: [AdminController], openapi: false }), { prefix: '/admin-app' })
  assert.deepEqual((await json(app, '/books')).body, { id: 1, title: 'Dune' })
  assert.deepEqual((await json(app, '/admin-app/admin')).body, { id: 1 })
  assert.equal(created, 1)
})

test("a mount's own providers entry gives it its own instance", async (t) => {
  created = 0
  const app = createApp({ controllers: [BooksController], providers: [BooksService], openapi: false })
  t.after(() => app.close())
  app.register(createSubApp({ controllers: [AdminController], providers: [BooksService], openapi: false }), {
    prefix: '/admin-app',
  })
  const ids = [(await json(app, '/books')).body.id, (await json(app, '/admin-app/admin')).body.id].sort()
  assert.deepEqual(ids, [1, 2])
})

test('createApp({ overrides }) replaces a provider for the app and its mounts, without listing it twice', async (t) => {
  created = 0
  const app = createApp({
    controllers: [BooksController],
    providers: [BooksService],
    overrides: [{ provide: BooksService, useClass: InMemoryBooks }],
    openapi: false,
  })
  t.after(() => app.close())
  app.register(createSubApp({ controllers: [AdminController], providers: [BooksService], openapi: false }), {
    prefix: '/admin-app',
  })
  assert.deepEqual((await json(app, '/books')).body, { id: 99, title: 'Fake' })
  assert.deepEqual((await json(app, '/admin-app/admin')).body, { id: 99 })
  assert.equal(created, 0)
})

// An app module as a test imports it: it builds its own app.
function buildApp(): PorticoApp {
  const app = createApp({ controllers: [BooksController], providers: [BooksService], openapi: false })
  app.register(createSubApp({ controllers: [AdminController], openapi: false }), { prefix: '/admin-app' })
  return app
}

test('app.dependencyOverrides set before the first inject replaces a provider; later entries win', async (t) => {
  created = 0
  const app = buildApp()
  t.after(() => app.close())
  app.dependencyOverrides.set(BooksService, { useValue: { id: 1, title: () => 'first' } })
  app.dependencyOverrides.set(BooksService, { useFactory: () => new InMemoryBooks() })
  assert.deepEqual((await json(app, '/books')).body, { id: 99, title: 'Fake' })
  assert.deepEqual((await json(app, '/admin-app/admin')).body, { id: 99 })
  assert.equal(created, 0)
})

test('app.dependencyOverrides wins over createApp({ overrides }) for the same key', async (t) => {
  const app = createApp({
    controllers: [BooksController],
    overrides: [{ provide: BooksService, useValue: { id: 1, title: () => 'option' } }],
    openapi: false,
  })
  t.after(() => app.close())
  app.dependencyOverrides.set(BooksService, { useValue: { id: 2, title: () => 'map' } })
  assert.deepEqual((await json(app, '/books')).body, { id: 2, title: 'map' })
})

test('changing app.dependencyOverrides after the app started throws PORTICO_ERR_APP_OVERRIDE_TOO_LATE', async (t) => {
  const app = buildApp()
  t.after(() => app.close())
  await app.ready()
  for (const change of [
    () => app.dependencyOverrides.set(BooksService, { useClass: InMemoryBooks }),
    () => app.dependencyOverrides.delete(BooksService),
    () => app.dependencyOverrides.clear(),
  ]) {
    assert.throws(change, (error: Error & { code?: string }) => {
      assert.equal(error.code, 'PORTICO_ERR_APP_OVERRIDE_TOO_LATE')
      assert.match(error.message, /app\.dependencyOverrides\.(set|delete|clear)\(\) after the app started/)
      return true
    })
  }
  assert.equal(app.dependencyOverrides.size, 0, 'still readable')
})

// Dependencies (the dependency engine): an app-wide guard and a dependency a test overrides.
const apiKey = dependency({ key: header('x-api-key') }, function apiKey({ key }) {
  if (key !== 'secret') throw new Unauthorized('Bad API key')
  return key
})
const currentUser = dependency(
  { authorization: header('authorization') },
  function currentUser({ authorization }) {
    if (authorization === undefined) throw new Unauthorized('Not authenticated')
    return { name: authorization.slice('Bearer '.length) }
  },
)

@Controller('/me')
class MeController {
  @Get()
  me(@Depends(currentUser) user: Resolved<typeof currentUser>) {
    return user
  }
}

test('createApp({ dependencies }) guards every route of the app; a mount is an app of its own (FastAPI mount)', async (t) => {
  const app = createApp({ controllers: [MeController], dependencies: [apiKey], openapi: false })
  t.after(() => app.close())
  app.register(createSubApp({ controllers: [AdminController], openapi: false }), { prefix: '/admin-app' })
  assert.equal((await json(app, '/me', { authorization: 'Bearer ada' })).status, 401)
  assert.deepEqual(await json(app, '/me', { authorization: 'Bearer ada', 'x-api-key': 'secret' }), {
    status: 200,
    body: { name: 'ada' },
  })
  assert.equal((await json(app, '/admin-app/admin')).status, 200, 'not guarded by the app dependencies')
})

test('app.dependencyOverrides replaces a dependency per request, without the app code changing', async (t) => {
  const app = createApp({ controllers: [MeController], openapi: false })
  t.after(() => app.close())
  app.dependencyOverrides.set(currentUser, { useValue: { name: 'test user' } })
  assert.deepEqual(await json(app, '/me'), { status: 200, body: { name: 'test user' } })
})

test('createSubApp({ dependencies, overrides }) apply inside the mount', async (t) => {
  const app = createApp({ openapi: false })
  t.after(() => app.close())
  app.register(
    createSubApp({
      controllers: [MeController],
      dependencies: [apiKey],
      overrides: [{ provide: currentUser, useValue: { name: 'mounted' } }],
      openapi: false,
    }),
    { prefix: '/sub' },
  )
  assert.equal((await json(app, '/sub/me')).status, 401)
  assert.deepEqual(await json(app, '/sub/me', { 'x-api-key': 'secret' }), {
    status: 200,
    body: { name: 'mounted' },
  })
})

test("the app's dependency overrides apply inside its mounts; the mount's own win", async (t) => {
  const app = createApp({ openapi: false })
  t.after(() => app.close())
  app.register(createSubApp({ controllers: [MeController], openapi: false }), { prefix: '/one' })
  app.register(
    createSubApp({
      controllers: [MeController],
      overrides: [{ provide: currentUser, useValue: { name: 'own' } }],
      openapi: false,
    }),
    { prefix: '/two' },
  )
  app.dependencyOverrides.set(currentUser, { useValue: { name: 'from the app' } })
  assert.deepEqual(await json(app, '/one/me'), { status: 200, body: { name: 'from the app' } })
  assert.deepEqual(await json(app, '/two/me'), { status: 200, body: { name: 'own' } })
})
