// FastAPI's trailing-slash behaviour through createApp, with FastAPI's own tutorial tests as cases:
// behind_a_proxy tutorial001_01 ("Redirects with HTTPS"), custom_swagger_ui_redirect and
// no_swagger_ui_redirect.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { Type } from '@sinclair/typebox'
import { APP_DEFAULTS, Controller, createApp, createSubApp, Get, Post } from 'portico'

// tutorial001_01: @app.get("/items/") def read_items(): return ["plumbus", "portal gun"]
@Controller()
class ItemsController {
  @Get('/items/', { response: { 200: Type.Array(Type.String()) } })
  readItems() {
    return ['plumbus', 'portal gun']
  }
}

// custom_swagger_ui_redirect / no_swagger_ui_redirect: @app.get("/items/") -> {"id": "foo"}
@Controller()
class FooController {
  @Get('/items/')
  readItems() {
    return { id: 'foo' }
  }
}

// FastAPI's TestClient(app, base_url="https://example.com") behind a proxy Portico trusts.
const HTTPS_EXAMPLE = { 'x-forwarded-proto': 'https', host: 'example.com' }

describe('behind_a_proxy tutorial001_01: redirects with HTTPS', () => {
  test('GET /items -> 307 to a Location the client resolves to https://example.com/items/', async (t) => {
    const app = createApp({ controllers: [ItemsController], trustProxy: true })
    t.after(() => app.close())
    const res = await app.inject({ url: '/items', headers: HTTPS_EXAMPLE })
    assert.equal(res.statusCode, 307)
    assert.equal(res.headers.location, '/items/')
    assert.equal(
      new URL(res.headers.location!, 'https://example.com/items').href,
      'https://example.com/items/',
    )
  })

  test('with redirectSlashes: { absolute: true } the Location is https://example.com/items/', async (t) => {
    const app = createApp({
      controllers: [ItemsController],
      trustProxy: true,
      redirectSlashes: { absolute: true },
    })
    t.after(() => app.close())
    const res = await app.inject({ url: '/items', headers: HTTPS_EXAMPLE })
    assert.equal(res.statusCode, 307)
    assert.equal(res.headers.location, 'https://example.com/items/')
  })

  test('GET /items/ -> 200 ["plumbus", "portal gun"], documented as /items/', async (t) => {
    const app = createApp({ controllers: [ItemsController], trustProxy: true })
    t.after(() => app.close())
    const res = await app.inject({ url: '/items/', headers: HTTPS_EXAMPLE })
    assert.equal(res.statusCode, 200)
    assert.deepEqual(res.json(), ['plumbus', 'portal gun'])
    assert.deepEqual(Object.keys((await app.inject('/openapi.json')).json().paths), ['/items/'])
  })

  test('under a root path, stripped or not, the Location keeps it', async (t) => {
    const app = createApp({ controllers: [ItemsController], rootPath: '/api/v1', trustProxy: true })
    t.after(() => app.close())
    for (const url of ['/items?x=1', '/api/v1/items?x=1']) {
      const res = await app.inject({ url, headers: HTTPS_EXAMPLE })
      assert.equal(res.statusCode, 307, url)
      assert.equal(res.headers.location, '/api/v1/items/?x=1', url)
    }
  })
})

describe('custom_swagger_ui_redirect', () => {
  test('/docs loads with the custom OAuth2 redirect, which answers; /items/ answers', async (t) => {
    const app = createApp({ controllers: [FooController], openapi: { oauth2RedirectUrl: '/docs/redirect' } })
    t.after(() => app.close())
    const docs = await app.inject('/docs')
    assert.equal(docs.statusCode, 200)
    assert.match(String(docs.headers['content-type']), /text\/html/)
    assert.ok(docs.body.includes('/docs/redirect'))
    const redirect = await app.inject('/docs/redirect')
    assert.equal(redirect.statusCode, 200)
    assert.match(redirect.body, /oauth2-redirect/)
    assert.deepEqual((await app.inject('/items/')).json(), { id: 'foo' })
  })
})

describe('no_swagger_ui_redirect', () => {
  test('/docs loads without an OAuth2 redirect, /docs/oauth2-redirect is 404; /items/ answers', async (t) => {
    const app = createApp({ controllers: [FooController], openapi: { oauth2RedirectUrl: null } })
    t.after(() => app.close())
    const docs = await app.inject('/docs')
    assert.equal(docs.statusCode, 200)
    assert.ok(!docs.body.includes('oauth2-redirect'))
    assert.equal((await app.inject('/docs/oauth2-redirect')).statusCode, 404)
    assert.deepEqual((await app.inject('/items/')).json(), { id: 'foo' })
  })
})

describe('docs pages answer with and without the slash', () => {
  for (const rootPath of ['', '/api/v1']) {
    test(`root path ${JSON.stringify(rootPath)}: /docs/, /redoc/, /openapi.json/ redirect to the page`, async (t) => {
      @Controller()
      class Home {
        @Get('/')
        home() {
          return { home: true }
        }
      }
      const app = createApp({ controllers: [Home], rootPath })
      t.after(() => app.close())
      for (const page of ['/docs', '/redoc', '/openapi.json']) {
        for (const url of [`${page}/`, `${rootPath}${page}/`, `${rootPath}${page}/?x=1`]) {
          const res = await app.inject(url)
          assert.equal(res.statusCode, 307, url)
          assert.equal(res.headers.location, `${rootPath}${page}${url.endsWith('?x=1') ? '?x=1' : ''}`, url)
          const location = res.headers.location!
          assert.equal((await app.inject(location)).statusCode, 200, location)
        }
      }
      // `/api/v1/` and `/api/v1` are the `/` route itself.
      for (const url of ['/', `${rootPath}/`, rootPath || '/']) {
        assert.deepEqual((await app.inject(url)).json(), { home: true }, url)
      }
    })
  }

  test("a sub-application's docs pages too, under the root path", async (t) => {
    const app = createApp({ rootPath: '/api/v1' })
    app.register(createSubApp({ controllers: [FooController] }), { prefix: '/subapi' })
    t.after(() => app.close())
    const res = await app.inject('/api/v1/subapi/docs/')
    assert.equal(res.statusCode, 307)
    assert.equal(res.headers.location, '/api/v1/subapi/docs')
    assert.equal((await app.inject('/api/v1/subapi/items')).headers.location, '/api/v1/subapi/items/')
  })
})

describe('createApp options', () => {
  test('redirectSlashes and methodNotAllowed default to on, as APP_DEFAULTS says', async (t) => {
    assert.equal(APP_DEFAULTS.createApp.redirectSlashes, true)
    assert.equal(APP_DEFAULTS.createApp.methodNotAllowed, true)
    const app = createApp({ controllers: [ItemsController] })
    t.after(() => app.close())
    assert.equal((await app.inject('/items')).statusCode, 307)
    const post = await app.inject({ method: 'POST', url: '/items/' })
    assert.equal(post.statusCode, 405)
    assert.equal(post.headers.allow, 'GET, HEAD')
    assert.equal(post.json().code, 'PORTICO_ERR_ROOT_PATH_METHOD_NOT_ALLOWED')
  })

  test('redirectSlashes: false and methodNotAllowed: false answer 404', async (t) => {
    const app = createApp({ controllers: [ItemsController], redirectSlashes: false, methodNotAllowed: false })
    t.after(() => app.close())
    assert.equal((await app.inject('/items')).statusCode, 404)
    assert.equal((await app.inject('/docs/')).statusCode, 404)
    assert.equal((await app.inject({ method: 'POST', url: '/items/' })).statusCode, 404)
  })

  test('a bad redirectSlashes fails at the createApp call, naming it', () => {
    assert.throws(() => createApp({ redirectSlashes: { absolut: true } as never }), {
      code: 'PORTICO_ERR_ROOT_PATH_OPTION_UNKNOWN',
      message: 'Unknown redirectSlashes option "absolut" (known: absolute)',
    })
    assert.throws(() => createApp({ redirectSlashes: 'yes' as never }), {
      code: 'PORTICO_ERR_ROOT_PATH_OPTION_INVALID',
    })
  })

  test("a user's setNotFoundHandler gets the 404s the redirect and the 405 leave", async (t) => {
    const app = createApp({ controllers: [ItemsController] })
    app.setNotFoundHandler(async (request, reply) =>
      reply.code(404).send({ detail: 'Not Found', url: request.url }),
    )
    t.after(() => app.close())
    assert.equal((await app.inject('/items')).statusCode, 307)
    assert.deepEqual((await app.inject('/nothing')).json(), { detail: 'Not Found', url: '/nothing' })
  })
})

describe('a sub-application with a named @Get("/") starts', () => {
  test('its route answers at /submount and /submount/, and urlFor names it', async (t) => {
    @Controller()
    class SubRoot {
      @Get('/', { name: 'submount' })
      root() {
        return { sub: true }
      }
      @Post('/', { name: 'create', status: 201 })
      create() {
        return { created: true }
      }
    }
    const app = createApp({ rootPath: '/api/v1' })
    app.register(createSubApp({ controllers: [SubRoot] }), { prefix: '/submount' })
    t.after(() => app.close())
    await app.ready()
    for (const url of ['/submount', '/submount/', '/api/v1/submount/']) {
      assert.deepEqual((await app.inject(url)).json(), { sub: true }, url)
    }
    assert.equal((await app.inject({ method: 'POST', url: '/submount' })).statusCode, 201)
    const document = (await app.inject('/submount/openapi.json')).json()
    assert.deepEqual(Object.keys(document.paths), ['/'])
  })
})
