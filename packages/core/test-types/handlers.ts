// Type tests: handlers whose parameter or return types disagree with their route schemas must not
// compile. Every `// @ts-expect-error` below must stay an error (tsc fails on an unused one); the
// methods without it must compile. Run: pnpm exec tsc -p packages/core/test-types/tsconfig.json
//
// Known limit (see README, "What the types check"): a parameter passes when *some* value the route
// provides fits it; the checker cannot see which decorator is on which parameter. With params
// { org: string, id: integer }, `@Param('id') id: string` compiles because `org` is a string.

import type { IncomingHttpHeaders } from 'node:http'
import {
  Body,
  Controller,
  Delete,
  Get,
  Header,
  Headers,
  Param,
  Params,
  Post,
  Put,
  Query,
  Reply,
  Req,
} from '@portico/core'
import { type Static, Type } from '@sinclair/typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'

const User = Type.Object({ id: Type.Integer(), name: Type.String() })
const NewUser = Type.Object({ name: Type.String(), age: Type.Optional(Type.Integer()) })
const Ids = Type.Object({ org: Type.String(), id: Type.Integer() })
const Search = Type.Object({ q: Type.String(), limit: Type.Integer() })
const ApiKey = Type.Object({ 'x-api-key': Type.String() })
const Problem = Type.Object({ detail: Type.String() })

@Controller('/orgs/:org/users')
export class Agreeing {
  @Post('/', { params: Type.Object({ org: Type.String() }), body: NewUser, response: { 201: User } })
  create(@Param('org') org: string, @Body() body: Static<typeof NewUser>) {
    // Extra properties are fine: the response schema drops them when serializing.
    return { id: 1, name: `${org}/${body.name}`, internal: true }
  }

  @Get('/:id', { params: Ids, response: { 200: User, 404: Problem } })
  async find(@Params() params: Static<typeof Ids>, @Param('id') id: number) {
    return id > 0 ? { id, name: params.org } : { detail: 'not found' }
  }

  @Get('/', { params: Type.Object({ org: Type.String() }), querystring: Search })
  search(@Query() query: { q: string; limit: number }, @Req() request: FastifyRequest) {
    return { q: query.q, url: request.url }
  }

  @Get('/key', { headers: ApiKey })
  key(@Header('x-api-key') key: string, @Headers() headers: Static<typeof ApiKey>) {
    return key + headers['x-api-key']
  }

  @Get('/raw')
  raw(@Header('user-agent') ua: string | string[] | undefined, @Headers() headers: IncomingHttpHeaders) {
    return { ua, host: headers.host }
  }

  @Put('/:id', { params: Ids, body: NewUser, response: { 200: User } })
  selfSend(@Reply() reply: FastifyReply, @Body() _body: unknown, @Param('id') _id: any): void {
    reply.send({ id: 1, name: 'x' })
  }

  @Delete('/:id', { params: Ids, response: { 204: Type.Null() } })
  async remove(@Reply() reply: FastifyReply) {
    return reply.code(204).send()
  }

  @Get('/wider')
  wider(@Req() request: FastifyRequest<{ Querystring: { q?: string } }>) {
    return request.query.q
  }
}

@Controller('/bad')
export class Disagreeing {
  // @ts-expect-error body says name is a string
  @Post('/', { body: NewUser })
  wrongBody(@Body() body: { name: number }) {
    return body
  }

  // @ts-expect-error there is no body schema at all
  @Post('/none')
  noBodySchema(@Body() body: { name: string }) {
    return body
  }

  // @ts-expect-error id is an integer, not a string
  @Get('/:id', { params: Type.Object({ id: Type.Integer() }) })
  wrongParam(@Param('id') id: string) {
    return id
  }

  // @ts-expect-error the params object has no `slug`
  @Get('/:org/:id', { params: Ids })
  wrongParams(@Params() params: { slug: string }) {
    return params
  }

  // @ts-expect-error limit is a number
  @Get('/search', { querystring: Search })
  wrongQuery(@Query() query: { q: string; limit: string }) {
    return query
  }

  // @ts-expect-error without a headers schema a header is string | string[] | undefined
  @Get('/header')
  unvalidatedHeader(@Header('x-api-key') key: string) {
    return key
  }

  // @ts-expect-error the second parameter fits nothing the route provides
  @Get('/req')
  secondParam(@Req() _request: FastifyRequest, @Body() body: { id: string }) {
    return body
  }

  // @ts-expect-error a sync handler returning the wrong shape
  @Get('/:org/:id', { params: Ids, response: { 200: User } })
  wrongReturn(@Param('id') id: number) {
    return { id: String(id), name: 'x' }
  }

  // @ts-expect-error an async handler resolving to the wrong shape
  @Get('/:org/:id', { params: Ids, response: { 200: User } })
  async wrongAsyncReturn(@Param('id') id: number) {
    return { id, name: 42 }
  }

  // @ts-expect-error matches neither the 200 nor the 404 schema
  @Get('/x', { response: { 200: User, 404: Problem } })
  neitherStatus(): { detail: number } {
    return { detail: 1 }
  }

  // @ts-expect-error a declared return type that disagrees is caught too
  @Get('/y', { response: { 200: User } })
  declared(): Promise<{ id: number }> {
    return Promise.resolve({ id: 1 })
  }

  // @ts-expect-error a typo'd option key (`respones`) is not a route option, even beside known keys
  @Get('/typo', { summary: 'Typo', respones: { 200: User } })
  typoBesideKnown() {
    return { id: 1, name: 'x' }
  }

  // @ts-expect-error a typo'd option key alone
  @Get('/typo-alone', { respones: { 200: User } })
  typoAlone() {
    return { id: 1, name: 'x' }
  }
}
