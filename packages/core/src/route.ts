import { PORTICO_ERR_CORE_ROUTE_INVALID } from './errors.js'
import { keyName, ownMap, ROUTES_KEY } from './metadata.js'
import { type ParamDefinition, paramsOf } from './params.js'
import type { HttpMethod, RouteOptions } from './route-options.js'
import type { KnownRouteOptions, RouteDecorator } from './typing.js'

/** A route as declared by a method decorator; stored in the class's own routes map by method key. */
export interface RouteDefinition {
  method: HttpMethod
  path: string
  options: RouteOptions
  key: string | symbol
  params: ParamDefinition[]
  /** The class whose body holds the decorator. */
  declaredOn: Function
  /** Declared with `@WebSocket()` (websocket.ts): served on the upgraded connection. */
  websocket?: boolean
}

function routeDecorator(method: HttpMethod, path: string | undefined, options: RouteOptions | undefined) {
  if (path !== undefined && typeof path !== 'string') {
    throw new PORTICO_ERR_CORE_ROUTE_INVALID(`@${method}`, `the path must be a string, got ${typeof path}`)
  }
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    throw new PORTICO_ERR_CORE_ROUTE_INVALID(
      `@${method}(${JSON.stringify(path)})`,
      'the options must be an object',
    )
  }
  return (target: object, key: string | symbol, descriptor: PropertyDescriptor): void => {
    const ctor = (target as { constructor: Function }).constructor
    const where = `${ctor.name}.${keyName(key)}`
    if (typeof target === 'function' || typeof descriptor?.value !== 'function') {
      throw new PORTICO_ERR_CORE_ROUTE_INVALID(where, `@${method}() applies to instance methods`)
    }
    const routes = ownMap<string | symbol, RouteDefinition>(ROUTES_KEY, ctor)
    if (routes.get(key)?.declaredOn === ctor) {
      throw new PORTICO_ERR_CORE_ROUTE_INVALID(where, 'a method can carry one route decorator only')
    }
    // Replaces an inherited definition of the same method (override replaces route).
    routes.set(key, {
      method,
      path: path ?? '',
      options: options ?? {},
      key,
      params: paramsOf(target, key),
      declaredOn: ctor,
    })
  }
}

/** The routes of a controller class, inherited ones included (a subclass's own take precedence). */
export function routesOf(ctor: Function): RouteDefinition[] {
  const map = Reflect.getMetadata(ROUTES_KEY, ctor) as Map<string | symbol, RouteDefinition> | undefined
  return map ? [...map.values()] : []
}

/**
 * Declares a GET route. `path` is relative to the controller prefix (default `''`).
 *
 * @example
 * \@Get('/:id', { params: Type.Object({ id: Type.String() }), response: { 200: User } })
 * find(@Param('id') id: string): Promise<Static<typeof User>> { return this.users.find(id) }
 */
export function Get<O extends RouteOptions = {}>(
  path?: string,
  options?: KnownRouteOptions<O>,
): RouteDecorator<O> {
  return routeDecorator('GET', path, options) as RouteDecorator<O>
}

/**
 * Declares a POST route.
 *
 * @example
 * \@Post('/', { body: NewUser, response: { 201: User }, status: 201 })
 * create(@Body() body: Static<typeof NewUser>) { return this.users.create(body) }
 */
export function Post<O extends RouteOptions = {}>(
  path?: string,
  options?: KnownRouteOptions<O>,
): RouteDecorator<O> {
  return routeDecorator('POST', path, options) as RouteDecorator<O>
}

/**
 * Declares a PUT route.
 *
 * @example
 * \@Put('/:id', { params: IdParams, body: User })
 * replace(@Param('id') id: string, @Body() user: Static<typeof User>) {}
 */
export function Put<O extends RouteOptions = {}>(
  path?: string,
  options?: KnownRouteOptions<O>,
): RouteDecorator<O> {
  return routeDecorator('PUT', path, options) as RouteDecorator<O>
}

/**
 * Declares a PATCH route.
 *
 * @example
 * \@Patch('/:id', { params: IdParams, body: Type.Partial(User) })
 * update(@Param('id') id: string, @Body() patch: Partial<Static<typeof User>>) {}
 */
export function Patch<O extends RouteOptions = {}>(
  path?: string,
  options?: KnownRouteOptions<O>,
): RouteDecorator<O> {
  return routeDecorator('PATCH', path, options) as RouteDecorator<O>
}

/**
 * Declares a DELETE route.
 *
 * @example
 * \@Delete('/:id', { params: IdParams, status: 204 })
 * remove(@Param('id') id: string) {}
 */
export function Delete<O extends RouteOptions = {}>(
  path?: string,
  options?: KnownRouteOptions<O>,
): RouteDecorator<O> {
  return routeDecorator('DELETE', path, options) as RouteDecorator<O>
}

/**
 * Declares a HEAD route (Fastify already answers HEAD for every GET route; use this to override it).
 *
 * @example
 * \@Head('/file')
 * probe(@Reply() reply: FastifyReply) { reply.header('content-length', '42').send() }
 */
export function Head<O extends RouteOptions = {}>(
  path?: string,
  options?: KnownRouteOptions<O>,
): RouteDecorator<O> {
  return routeDecorator('HEAD', path, options) as RouteDecorator<O>
}

/**
 * Declares an OPTIONS route.
 *
 * @example
 * \@Options('/')
 * allow(@Reply() reply: FastifyReply) { reply.header('allow', 'GET, POST').code(204).send() }
 */
export function Options<O extends RouteOptions = {}>(
  path?: string,
  options?: KnownRouteOptions<O>,
): RouteDecorator<O> {
  return routeDecorator('OPTIONS', path, options) as RouteDecorator<O>
}

/**
 * Declares a route answering every HTTP method Fastify supports.
 *
 * @example
 * \@All('/echo')
 * echo(@Req() request: FastifyRequest) { return { method: request.method } }
 */
export function All<O extends RouteOptions = {}>(
  path?: string,
  options?: KnownRouteOptions<O>,
): RouteDecorator<O> {
  return routeDecorator('ALL', path, options) as RouteDecorator<O>
}
