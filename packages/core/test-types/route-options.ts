// Type tests for defaults and the Fastify route options passed through (see handlers.ts for how to
// run them). Every `// @ts-expect-error` must stay an error.

import { Body, Controller, Get, Post, Query } from '@portico/core'
import { type Static, Type } from '@sinclair/typebox'
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'

// A property with a `default` is required in TypeBox's Static<> (Ajv's useDefaults, on in Fastify,
// fills it before the handler runs), while the OpenAPI document lists it as optional.
const Paging = Type.Object({ q: Type.Optional(Type.String()), limit: Type.Integer({ default: 20 }) })
const NewItem = Type.Object({ name: Type.String(), tags: Type.Array(Type.String(), { default: [] }) })

const limit: Static<typeof Paging>['limit'] = 20
// @ts-expect-error a defaulted property is never undefined in the handler
const noLimit: Static<typeof Paging>['limit'] = undefined

@Controller('/items')
export class Defaults {
  @Get('/', { querystring: Paging })
  list(@Query() query: Static<typeof Paging>) {
    const n: number = query.limit
    // @ts-expect-error `q` has no default: it may be undefined
    const q: string = query.q
    return { n, q, limit, noLimit }
  }

  @Get('/typed', { querystring: Paging })
  typed(@Query() query: { q?: string; limit: number }) {
    return query.limit.toFixed()
  }

  @Post('/', { body: NewItem })
  create(@Body() item: { name: string; tags: string[] }) {
    return item.tags.length
  }

  // @ts-expect-error `limit` is a number, not a string
  @Get('/wrong', { querystring: Paging })
  wrong(@Query() query: { limit: string }) {
    return query
  }
}

@Controller('/opts')
export class PassThrough {
  @Post('/', {
    body: NewItem,
    config: { rateLimit: { max: 5 } },
    bodyLimit: 1024,
    constraints: { host: 'api.example.com' },
    logLevel: 'warn',
    attachValidation: true,
    exposeHeadRoute: false,
    errorHandler(error: FastifyError, _request: FastifyRequest, reply: FastifyReply) {
      reply.code(400).send({ detail: error.message })
    },
    consumes: ['application/json', 'application/x-www-form-urlencoded'],
    openapi: {
      'x-codeSamples': [{ lang: 'sh', source: 'curl' }],
      externalDocs: { url: 'https://example.com' },
    },
  })
  create(@Body() item: Static<typeof NewItem>) {
    return item
  }

  // @ts-expect-error config.portico is Portico's own
  @Get('/portico', { config: { portico: { controller: 'X', handler: 'y' } } })
  portico() {}

  // @ts-expect-error bodyLimit is a number of bytes
  @Get('/limit', { bodyLimit: '1mb' })
  limit() {}

  // @ts-expect-error consumes is a list of media types
  @Get('/consumes', { consumes: 'application/json' })
  consumes() {}

  // @ts-expect-error unknown keys still fail to compile
  @Get('/typo', { bodylimit: 10 })
  typo() {}
}
