import type { FastifyReply, FastifyRequest } from 'fastify'
import type { ParamDefinition } from './params.js'

type RouteHandler = (request: FastifyRequest, reply: FastifyReply) => unknown

/**
 * The expression giving one argument, reading only `request` and `reply` (also used for the
 * parameters of class dependencies, dependency-codegen.ts). A new parameter kind is one `case` here.
 */
export function argument(param: ParamDefinition): string {
  // Names are embedded as JSON string literals: never spliced in raw.
  const name = JSON.stringify(param.name ?? '')
  switch (param.kind) {
    case 'body':
      return 'request.body'
    case 'query':
      return param.name === undefined ? 'request.query' : `request.query[${name}]`
    case 'params':
      return 'request.params'
    case 'param':
      return `request.params[${name}]`
    case 'headers':
      return 'request.headers'
    case 'header':
      return `request.headers[${name}]`
    case 'request':
      return 'request'
    case 'reply':
      return 'reply'
    // Cookies, form fields and files (cookies.ts, forms.ts, files.ts, multipart.ts).
    case 'cookie':
      return `request.cookies?.[${name}]`
    case 'cookies':
      return 'request.cookies'
    case 'form':
      return 'request.body'
    case 'formField':
      return `request.body?.[${name}]`
    case 'file':
      return `request[Symbol.for("portico.core.files")]?.[${name}]?.[0]`
    case 'files':
      return `(request[Symbol.for("portico.core.files")]?.[${name}] ?? [])`
    case 'socket':
      return 'request[Symbol.for("portico.core.socket")]'
    case 'depends':
      // Dependencies are resolved by the generated code of dependency-codegen.ts, never here.
      throw new Error(`portico: ${param.label} has no request expression`)
  }
}

/**
 * Builds the Fastify handler of one route once, at startup. Its body is generated from the parameter
 * list (`method.call(instance, request.body, request.params["id"])`), so a request costs one call and
 * a few property reads: no metadata lookup, no argument array, and each route's handler is its own
 * monomorphic function (closures shared by every route would make the call sites megamorphic).
 *
 * The return value goes back to Fastify, which sends it (awaiting promises) and serializes it with the
 * response schema. A handler without `@Reply()` that returns `undefined` synchronously gets an empty
 * reply instead of a hanging request; with `@Reply()` it is trusted to send.
 */
export function buildHandler(
  instance: object,
  method: (...args: unknown[]) => unknown,
  params: readonly ParamDefinition[],
  status: number | undefined,
): RouteHandler {
  const usesReply = params.some((p) => p.kind === 'reply')
  const args = ['instance', ...params.map(argument)].join(', ')
  const body = [
    status === undefined ? '' : 'reply.code(status);',
    `const result = method.call(${args});`,
    usesReply ? '' : 'if (result === undefined) reply.send();',
    'return result;',
  ].join('\n')
  const factory = new Function(
    'method',
    'instance',
    'status',
    `return function handler(request, reply) {\n${body}\n}`,
  )
  return factory(method, instance, status) as RouteHandler
}
