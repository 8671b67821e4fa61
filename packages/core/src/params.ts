import type { Static, TSchema } from '@sinclair/typebox'
import { PORTICO_ERR_CORE_PARAM_INVALID } from './errors.js'
import { keyName, ownList, PARAMS_KEY } from './metadata.js'

/** What a handler parameter receives. */
export type ParamKind =
  | 'body'
  | 'query'
  | 'params'
  | 'param'
  | 'headers'
  | 'header'
  | 'request'
  | 'reply'
  | 'depends'
  // cookies.ts, forms.ts, files.ts
  | 'cookie'
  | 'cookies'
  | 'form'
  | 'formField'
  | 'file'
  | 'files'
  // websocket.ts
  | 'socket'

/** One decorated handler parameter. */
export interface ParamDefinition {
  index: number
  kind: ParamKind
  /** Property name for `param` and `header` (header names are lower-cased). */
  name?: string
  /** How the decorator was written, for messages: `@Param('id')`. */
  label: string
  /** For `depends` (`@Depends`/`@Security`): the dependency, the scopes required, and which it was. */
  dependency?: unknown
  scopes?: readonly string[]
  security?: boolean
  /** An in-place schema (`@Query('limit', Type.Integer())`), merged into the route's schema. */
  schema?: unknown
}

/** The parameter decorators a class itself declares on `key`, by index. */
export function paramsOf(prototype: object, key: string | symbol): ParamDefinition[] {
  const list = (Reflect.getOwnMetadata(PARAMS_KEY, prototype, key) as ParamDefinition[] | undefined) ?? []
  return [...list].sort((a, b) => a.index - b.index)
}

/** A parameter decorator recording `kind` (plus `extra` fields) for the decorated parameter. */
export function paramDecorator(
  kind: ParamKind,
  label: string,
  name?: string,
  extra?: Partial<ParamDefinition>,
): ParameterDecorator {
  return (target, key, index) => {
    if (key === undefined) {
      const owner = (target as Function).name
      throw new PORTICO_ERR_CORE_PARAM_INVALID(
        `${owner} constructor`,
        index,
        `cannot use ${label}: it is for route handlers`,
      )
    }
    const list = ownList<ParamDefinition>(PARAMS_KEY, target, key)
    const taken = list.find((p) => p.index === index)
    if (taken) {
      const where = `${(target as { constructor: Function }).constructor.name}.${keyName(key)}`
      throw new PORTICO_ERR_CORE_PARAM_INVALID(
        where,
        index,
        `has two parameter decorators (${taken.label} and ${label})`,
      )
    }
    const def: ParamDefinition = name === undefined ? { index, kind, label } : { index, kind, name, label }
    list.push(extra === undefined ? def : { ...def, ...extra })
  }
}

/**
 * Injects the validated request body. The route must declare a `body` schema.
 *
 * @example
 * \@Post('/', { body: NewUser })
 * create(@Body() body: Static<typeof NewUser>) {}
 */
export function Body(): ParameterDecorator {
  return paramDecorator('body', '@Body()')
}

/**
 * A parameter decorator with an in-place schema, typed per parameter (TypeScript passes the literal
 * parameter index): a parameter `Static<S>` does not fit fails to compile.
 */
export type SchemaParamDecorator<T> = <Proto, K extends keyof Proto, I extends number>(
  target: Proto,
  key: K,
  index: Proto[K] extends (...args: infer P) => any ? ([T] extends [P[I]] ? I : never) : never,
) => void

/**
 * Injects the validated query string object (the route must declare a `querystring` schema), or
 * with a name one query parameter: declared by the route's `querystring` schema, or in place with
 * a schema (FastAPI's `limit: int = Query(20)`), merged into the route's `querystring` schema,
 * validated and documented as if the route declared it (type the parameter `Resolved<typeof S>`).
 *
 * @example
 * \@Get('/', { querystring: Type.Object({ q: Type.Optional(Type.String()) }) })
 * search(@Query() query: { q?: string }) {}
 * \@Get('/books')
 * list(@Query('limit', Limit) limit: Resolved<typeof Limit>) {} // const Limit = Type.Integer({ minimum: 1, default: 20 })
 */
export function Query(): ParameterDecorator
export function Query(name: string): ParameterDecorator
export function Query<S extends TSchema>(name: string, schema: S): SchemaParamDecorator<Static<S>>
export function Query(name?: string, schema?: TSchema): any {
  if (name === undefined) return paramDecorator('query', '@Query()')
  if (typeof name !== 'string' || name === '') {
    throw new PORTICO_ERR_CORE_PARAM_INVALID('@Query()', 0, 'needs a parameter name')
  }
  const label = `@Query('${name}')`
  return paramDecorator('query', label, name, schema === undefined ? undefined : { schema })
}

/**
 * Injects all validated path parameters. The route must declare a `params` schema.
 *
 * @example
 * \@Get('/:org/:repo', { params: Type.Object({ org: Type.String(), repo: Type.String() }) })
 * show(@Params() params: { org: string; repo: string }) {}
 */
export function Params(): ParameterDecorator {
  return paramDecorator('params', '@Params()')
}

/**
 * Injects one validated path parameter. The route's `params` schema must declare `name`.
 *
 * @example
 * \@Get('/:id', { params: Type.Object({ id: Type.Integer() }) })
 * find(@Param('id') id: number) {}
 */
export function Param(name: string): ParameterDecorator {
  if (typeof name !== 'string' || name === '') {
    throw new PORTICO_ERR_CORE_PARAM_INVALID('@Param()', 0, 'needs a parameter name')
  }
  return paramDecorator('param', `@Param('${name}')`, name)
}

/**
 * Injects the request headers (validated when the route declares a `headers` schema).
 *
 * @example
 * \@Get('/')
 * show(@Headers() headers: IncomingHttpHeaders) { return { ua: headers['user-agent'] } }
 */
export function Headers(): ParameterDecorator {
  return paramDecorator('headers', '@Headers()')
}

/**
 * Injects one request header (case-insensitive name). When the route declares a `headers` schema it
 * must declare the (lower-case) name. With a schema the header is declared in place: merged into the
 * route's `headers` schema, validated and documented (type the parameter `Resolved<typeof S>`).
 *
 * @example
 * \@Get('/', { headers: Type.Object({ 'x-api-key': Type.String() }) })
 * show(@Header('X-Api-Key') key: string) {}
 * \@Get('/items')
 * items(@Header('x-token', Token) token: Resolved<typeof Token>) {} // const Token = Type.String({ minLength: 8 })
 */
export function Header(name: string): ParameterDecorator
export function Header<S extends TSchema>(name: string, schema: S): SchemaParamDecorator<Static<S>>
export function Header(name: string, schema?: TSchema): any {
  if (typeof name !== 'string' || name === '') {
    throw new PORTICO_ERR_CORE_PARAM_INVALID('@Header()', 0, 'needs a header name')
  }
  const label = `@Header('${name}')`
  return paramDecorator('header', label, name.toLowerCase(), schema === undefined ? undefined : { schema })
}

/**
 * Injects the Fastify request.
 *
 * @example
 * \@Get('/ip')
 * ip(@Req() request: FastifyRequest) { return { ip: request.ip } }
 */
export function Req(): ParameterDecorator {
  return paramDecorator('request', '@Req()')
}

/**
 * Injects the Fastify reply. A handler that sends through it (`return reply.send(x)`) is left alone;
 * a value it returns is still sent as usual.
 *
 * @example
 * \@Get('/file')
 * file(@Reply() reply: FastifyReply) { return reply.type('text/plain').send('hello') }
 */
export function Reply(): ParameterDecorator {
  return paramDecorator('reply', '@Reply()')
}
