import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Body, Controller, Get, Post } from '@portico/core'
import { type Static, Type } from '@sinclair/typebox'
import { appWith } from './helpers.js'

const Item = Type.Object({ name: Type.String() })

@Controller('/base')
class CrudController {
  protected readonly kind: string = 'base'
  @Get('/')
  list() {
    return { from: 'base', kind: this.kind }
  }
  @Post('/', { body: Item, status: 201 })
  create(@Body() body: Static<typeof Item>) {
    return { created: body.name, kind: this.kind }
  }
  @Get('/info')
  info() {
    return { info: 'base' }
  }
}

@Controller('/cats')
class CatsController extends CrudController {
  protected override readonly kind = 'cat'
  // Re-declared: the subclass route replaces the inherited one for this method.
  @Get('/all')
  override list() {
    return { from: 'cats', kind: this.kind }
  }
  // Overridden without a decorator: the inherited route, the subclass implementation.
  override info() {
    return { info: 'cats' }
  }
  @Get('/meow')
  meow() {
    return 'meow'
  }
}

@Controller('/dogs')
class DogsController extends CrudController {
  protected override readonly kind = 'dog'
}

test('routes declared on a base controller are inherited under the subclass prefix', async (t) => {
  const app = await appWith(t, { controllers: [DogsController] })
  assert.deepEqual((await app.inject('/dogs/')).json(), { from: 'base', kind: 'dog' })
  const created = await app.inject({ method: 'POST', url: '/dogs/', payload: { name: 'rex' } })
  assert.equal(created.statusCode, 201)
  assert.deepEqual(created.json(), { created: 'rex', kind: 'dog' })
  assert.deepEqual((await app.inject('/dogs/info')).json(), { info: 'base' })
  assert.equal((await app.inject('/base/')).statusCode, 404, 'the base class was not mounted')
})

test('a subclass re-declaring a method replaces its route; an undecorated override keeps the route', async (t) => {
  const app = await appWith(t, { controllers: [CatsController] })
  assert.equal((await app.inject('/cats/')).statusCode, 404, 'the inherited GET / was replaced')
  assert.deepEqual((await app.inject('/cats/all')).json(), { from: 'cats', kind: 'cat' })
  assert.deepEqual((await app.inject('/cats/info')).json(), { info: 'cats' })
  assert.equal((await app.inject('/cats/meow')).body, 'meow')
  const created = await app.inject({ method: 'POST', url: '/cats/', payload: { name: 'tom' } })
  assert.deepEqual(created.json(), { created: 'tom', kind: 'cat' })
})

test("a subclass's routes never leak into its parent or its siblings", async (t) => {
  const app = await appWith(t, { controllers: [CrudController, CatsController, DogsController] })
  assert.deepEqual((await app.inject('/base/')).json(), { from: 'base', kind: 'base' })
  assert.equal((await app.inject('/base/all')).statusCode, 404)
  assert.equal((await app.inject('/base/meow')).statusCode, 404)
  assert.deepEqual((await app.inject('/base/info')).json(), { info: 'base' })
  assert.deepEqual((await app.inject('/dogs/')).json(), { from: 'base', kind: 'dog' })
  assert.equal((await app.inject('/dogs/all')).statusCode, 404)
  assert.equal((await app.inject('/dogs/meow')).statusCode, 404)
  assert.deepEqual((await app.inject('/dogs/info')).json(), { info: 'base' })
  assert.equal((await app.inject('/cats/meow')).body, 'meow')
})

test('a subclass of a subclass inherits the whole chain', async (t) => {
  @Controller('/kittens')
  class KittensController extends CatsController {
    @Get('/purr')
    purr() {
      return 'purr'
    }
  }
  const app = await appWith(t, { controllers: [KittensController, CatsController] })
  assert.deepEqual((await app.inject('/kittens/all')).json(), { from: 'cats', kind: 'cat' })
  assert.equal((await app.inject('/kittens/meow')).body, 'meow')
  assert.equal((await app.inject('/kittens/purr')).body, 'purr')
  assert.equal((await app.inject('/cats/purr')).statusCode, 404)
})

test('an undecorated subclass is not a controller (its parent prefix would be a guess)', async (t) => {
  class Undecorated extends DogsController {}
  await assert.rejects(appWith(t, { controllers: [Undecorated] }), {
    code: 'PORTICO_ERR_CORE_CONTROLLER_NOT_DECORATED',
  })
})
