import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Controller, Get, Param, Post } from '@portico/core'
import { Type } from '@sinclair/typebox'
import { appWith, startupError } from './helpers.js'

test('a params property with no :segment in the path fails naming Controller.method and the property', async () => {
  @Controller('/users')
  class Users {
    @Get('/', { params: Type.Object({ id: Type.String() }) })
    list() {
      return []
    }
  }
  const err = await startupError({ controllers: [Users] })
  assert.equal(err.code, 'PORTICO_ERR_CORE_ROUTE_INVALID')
  assert.equal(
    err.message,
    "Invalid route Users.list: the `params` schema declares `id` but the path '/users/' has no :id segment",
  )
})

test('params from the controller prefix and the register prefix count as segments', async (t) => {
  @Controller('/orgs/:org/users')
  class Users {
    @Get('/:id', { params: Type.Object({ org: Type.String(), id: Type.String() }) })
    find(@Param('id') id: string, @Param('org') org: string) {
      return { org, id }
    }
  }
  const app = await appWith(t, { controllers: [Users] })
  assert.deepEqual((await app.inject('/orgs/a/users/1')).json(), { org: 'a', id: '1' })
})

test('a FastAPI-style {name} path segment fails with a hint to write :name', async () => {
  @Controller('/items')
  class Items {
    @Get('/{item_id}', { params: Type.Object({ item_id: Type.String() }) })
    find(@Param('item_id') id: string) {
      return id
    }
  }
  const err = await startupError({ controllers: [Items] })
  assert.equal(err.code, 'PORTICO_ERR_CORE_ROUTE_INVALID')
  assert.equal(
    err.message,
    "Invalid route Items.find: the path '/items/{item_id}' writes a parameter as {item_id}: Fastify (and Portico) write it :item_id, as in '/items/:item_id'",
  )
})

test('status with no response schema for it fails at startup naming the declared statuses', async () => {
  const User = Type.Object({ id: Type.Integer() })
  @Controller('/users')
  class Users {
    @Post('/', { status: 201, response: { 200: User } })
    create() {
      return { id: 1 }
    }
  }
  const err = await startupError({ controllers: [Users] })
  assert.equal(err.code, 'PORTICO_ERR_CORE_ROUTE_INVALID')
  assert.equal(
    err.message,
    'Invalid route Users.create: it answers 201 (`status`) but `response` declares no schema for it (declared: 200); declare `response: { 201: ... }` or change `status`',
  )
})

test('success responses that exclude the default 200 fail unless `status` says which is sent', async () => {
  const User = Type.Object({ id: Type.Integer() })
  @Controller('/users')
  class Users {
    @Post('/', { response: { 201: User } })
    create() {
      return { id: 1 }
    }
  }
  const err = await startupError({ controllers: [Users] })
  assert.equal(err.code, 'PORTICO_ERR_CORE_ROUTE_INVALID')
  assert.match(
    err.message,
    /Users\.create: it answers 200 \(Fastify's default\) but `response` declares no schema for it \(declared: 201\); set `status: 201`/,
  )
})

test('a status matched by an NXX or default response key is fine', async (t) => {
  const User = Type.Object({ id: Type.Integer() })
  @Controller('/users')
  class Users {
    @Post('/', { status: 201, response: { '2xx': User } })
    create() {
      return { id: 1, secret: 'x' }
    }

    @Post('/other', { status: 202, response: { default: User } })
    other() {
      return { id: 2 }
    }

    @Get('/errors', { response: { 404: User } })
    errors() {
      return { id: 3 }
    }
  }
  const app = await appWith(t, { controllers: [Users] })
  const created = await app.inject({ method: 'POST', url: '/users/' })
  assert.equal(created.statusCode, 201)
  assert.deepEqual(created.json(), { id: 1 })
})
