import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  Controller,
  Depends,
  dependency,
  Get,
  Header,
  header,
  Injectable,
  InjectionToken,
  inject,
  type Resolved,
} from '@portico/core'
import Fastify from 'fastify'
import { appWith, startupError } from './helpers.js'

// The `overrides` option: a dependency (or a provider) replaced per app; the original never runs.

let originalRuns = 0
const currentUser = dependency({ auth: header('authorization') }, function currentUser({ auth }) {
  originalRuns++
  return { name: String(auth) }
})
const GREETING = new InjectionToken<string>('GREETING')

@Injectable()
class ClassUser {
  resolve(@Header('x-user') name: string) {
    originalRuns++
    return { name }
  }
}

@Controller()
class Api {
  @Get('/me')
  me(@Depends(currentUser) user: Resolved<typeof currentUser>) {
    return user
  }
  @Get('/class')
  cls(@Depends(ClassUser) user: Resolved<typeof ClassUser>) {
    return user
  }
}

test('useValue, useFactory, useDependency and useClass replace a dependency; the original never runs', async (t) => {
  originalRuns = 0
  const byValue = await appWith(t, {
    controllers: [Api],
    overrides: [{ provide: currentUser, useValue: { name: 'v' } }],
  })
  assert.deepEqual((await byValue.inject({ url: '/me' })).json(), { name: 'v' })

  let calls = 0
  const byFactory = await appWith(t, {
    controllers: [Api],
    providers: [{ provide: GREETING, useValue: 'hi' }],
    overrides: [
      { provide: currentUser, useFactory: (g: string) => ({ name: `${g}${++calls}` }), inject: [GREETING] },
    ],
  })
  assert.deepEqual((await byFactory.inject({ url: '/me' })).json(), { name: 'hi1' })
  assert.deepEqual((await byFactory.inject({ url: '/me' })).json(), { name: 'hi2' })

  const other = dependency({ q: header('x-other') }, ({ q }) => ({ name: `other ${q}` }))
  const byDependency = await appWith(t, {
    controllers: [Api],
    overrides: [{ provide: currentUser, useDependency: other }],
  })
  assert.deepEqual((await byDependency.inject({ url: '/me', headers: { 'x-other': 'o' } })).json(), {
    name: 'other o',
  })

  @Injectable()
  class FakeUser {
    resolve() {
      return { name: 'fake' }
    }
  }
  const byClass = await appWith(t, {
    controllers: [Api],
    overrides: [{ provide: ClassUser, useClass: FakeUser }],
  })
  assert.deepEqual((await byClass.inject({ url: '/class' })).json(), { name: 'fake' })
  assert.equal(originalRuns, 0)
})

test('an override of a provider token replaces its singleton for the dependencies', async (t) => {
  const hello = dependency({ g: inject(GREETING) }, ({ g }) => g)
  @Controller()
  class Greet {
    @Get('/g')
    g(@Depends(hello) g: Resolved<typeof hello>) {
      return { g }
    }
  }
  const app = await appWith(t, {
    controllers: [Greet],
    providers: [{ provide: GREETING, useValue: 'hello' }],
    overrides: [{ provide: GREETING, useValue: 'bonjour' }],
  })
  assert.deepEqual((await app.inject({ url: '/g' })).json(), { g: 'bonjour' })
})

test('overrides entries are checked: unknown keys, none or several use* keys', async () => {
  let err = await startupError({
    controllers: [Api],
    overrides: [{ provide: currentUser, usevalue: 1 } as never],
  })
  assert.equal(err.code, 'PORTICO_ERR_CORE_OVERRIDE_OPTION_UNKNOWN')
  assert.match(
    err.message,
    /Unknown key `usevalue` in overrides\[0\] \(known: provide, useValue, useFactory, inject, useClass, useDependency\)/,
  )
  err = await startupError({ controllers: [Api], overrides: [{ provide: currentUser } as never] })
  assert.equal(err.code, 'PORTICO_ERR_CORE_OVERRIDE_INVALID')
  assert.match(err.message, /overrides\[0\] \(currentUser\): needs one of useValue/)
  err = await startupError({
    controllers: [Api],
    overrides: [{ provide: GREETING, useDependency: currentUser }],
  })
  assert.equal(err.code, 'PORTICO_ERR_CORE_OVERRIDE_INVALID')
})

test("a sub-application (a portico registration below another) gets the app's dependency overrides", async (t) => {
  originalRuns = 0
  const app = Fastify()
  t.after(() => app.close())
  const { portico } = await import('@portico/core')
  await app.register(portico, {
    controllers: [],
    overrides: [{ provide: currentUser, useValue: { name: 'parent' } }],
  })
  await app.register(
    async (child) => {
      await child.register(portico, { controllers: [Api] })
    },
    { prefix: '/sub' },
  )
  await app.ready()
  assert.deepEqual((await app.inject({ url: '/sub/me' })).json(), { name: 'parent' })
  assert.equal(originalRuns, 0)
})
