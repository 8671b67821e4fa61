import { Body, Controller, Get, Param, Post, Reply, Req } from '@portico/core'
import { type Static, Type } from '@sinclair/typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'

const User = Type.Object({ id: Type.Integer(), name: Type.String() })
const NewUser = Type.Object({ name: Type.String() })
const Id = Type.Object({ id: Type.Integer() })

@Controller('/users')
export class Ok {
  @Post('/', { body: NewUser, response: { 201: User } })
  create(@Body() body: Static<typeof NewUser>) {
    return { id: 1, name: body.name }
  }

  @Get('/:id', { params: Id, response: { 200: User } })
  async find(@Param('id') id: number, @Req() _r: FastifyRequest, @Reply() _p: FastifyReply) {
    return { id, name: 'x' }
  }

  // @ts-expect-error body type disagrees
  @Post('/', { body: NewUser })
  bad(@Body() body: { name: number }) {
    return body
  }

  // @ts-expect-error param type disagrees
  @Get('/:id', { params: Id })
  bad2(@Param('id') id: string) {
    return id
  }

  // @ts-expect-error return type disagrees
  @Get('/:id', { params: Id, response: { 200: User } })
  bad3(@Param('id') id: number) {
    return { id: String(id), name: 'x' }
  }
}
