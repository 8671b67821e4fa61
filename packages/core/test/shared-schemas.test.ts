import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Body, CORE_DEFAULTS, Controller, Get, Post, portico } from '@portico/core'
import { type Static, Type } from '@sinclair/typebox'
import Fastify from 'fastify'
import { appWith, startupError } from './helpers.js'

const User = Type.Object({ id: Type.Integer(), name: Type.String() }, { $id: 'User' })

@Controller('/users')
class Users {
  @Get('/', { response: { 200: Type.Array(Type.Ref(User)) } })
  list() {
    return [{ id: 1, name: 'Ada', password: 'x' }]
  }

  @Post('/', { body: Type.Ref(User), response: { 200: Type.Ref(User) } })
  create(@Body() user: Static<typeof User>) {
    return user
  }
}

test('the schemas option registers shared models before the routes, so Type.Ref works', async (t) => {
  assert.deepEqual(CORE_DEFAULTS.plugin.schemas, [])
  const app = await appWith(t, { controllers: [Users], schemas: [User] })
  assert.deepEqual((await app.inject('/users/')).json(), [{ id: 1, name: 'Ada' }])
  const bad = await app.inject({ method: 'POST', url: '/users/', payload: { id: 'x' } })
  assert.equal(bad.statusCode, 400)
  assert.deepEqual(app.getSchema('User'), JSON.parse(JSON.stringify(User)))
})

test('without the schemas option, a Type.Ref model fails startup', async () => {
  const err = await startupError({ controllers: [Users] })
  assert.match(err.message, /User/)
})

test('a model already added with the same definition is not added twice; a different one fails naming the $id', async (t) => {
  const app = Fastify()
  t.after(() => app.close())
  app.addSchema(Type.Object({ id: Type.Integer(), name: Type.String() }, { $id: 'User' }))
  await app.register(portico, { controllers: [Users], schemas: [User] })
  await app.ready()
  assert.equal((await app.inject('/users/')).statusCode, 200)

  const other = Fastify()
  other.addSchema(Type.Object({ id: Type.String() }, { $id: 'User' }))
  await assert.rejects(
    async () => {
      await other.register(portico, { controllers: [Users], schemas: [User] })
      await other.ready()
    },
    {
      code: 'PORTICO_ERR_CORE_OPTION_INVALID',
      message:
        /Invalid option `schemas`: schemas\[0\] \(\$id 'User'\) differs from the schema already added with that \$id/,
    },
  )
  await other.close().catch(() => {})
})

test('a schema without $id, or not a schema, fails naming its index', async () => {
  const err = await startupError({ schemas: [Type.Object({})] })
  assert.equal(err.code, 'PORTICO_ERR_CORE_OPTION_INVALID')
  assert.match(err.message, /`schemas`: schemas\[0\] has no string \$id/)
  const notArray = await startupError({ schemas: User as never })
  assert.match(notArray.message, /`schemas`: expected an array of schemas with \$id/)
})
