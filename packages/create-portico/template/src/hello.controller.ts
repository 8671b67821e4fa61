import { type Static, Type } from '@sinclair/typebox'
import type { FastifyRequest } from 'fastify'
import { Controller, Get, Param, Req } from 'portico'
// A value import, never `import type`: the constructor's parameter types are read at run time
// (decorator metadata), and a type-only import would leave nothing to inject.
import { Greeter } from './greeter.service.js'

/** TypeBox schemas validate the request, serialize the response and document the route. */
const Greeting = Type.Object(
  { message: Type.String(), root_path: Type.String() },
  { $id: 'Greeting', description: 'A greeting, and the root path the request came through' },
)
const ByName = Type.Object({ name: Type.String({ minLength: 1, maxLength: 40 }) })

@Controller('/hello', { tags: ['hello'] })
export class HelloController {
  // Constructor injection: Portico passes the app's Greeter.
  constructor(private readonly greeter: Greeter) {}

  @Get('/:name', { params: ByName, response: { 200: Greeting }, summary: 'Greet someone' })
  greet(@Param('name') name: string, @Req() request: FastifyRequest): Static<typeof Greeting> {
    return { message: this.greeter.greet(name), root_path: request.rootPath }
  }
}
