import type { RouteOptions } from 'fastify'
import { PORTICO_ERR_OPENAPI_OPERATION_ID_DUPLICATE, PORTICO_ERR_OPENAPI_OPTION_INVALID } from './errors.js'

/**
 * What core puts in `route.config.portico` (see CONTRIBUTING.md): the route name and the class and
 * method names, from which the default operationId is derived.
 *
 * @example
 * app.get('/app', { config: { portico: { controller: 'MainController', handler: 'readMain' } } }, handler)
 */
export interface PorticoRouteConfig {
  name?: string
  controller: string
  handler: string
}

function porticoConfig(route: RouteOptions): PorticoRouteConfig | undefined {
  const portico = (route.config as { portico?: PorticoRouteConfig } | undefined)?.portico
  if (portico && typeof portico.controller === 'string' && typeof portico.handler === 'string') return portico
  return undefined
}

const capitalize = (word: string) => word.charAt(0).toUpperCase() + word.slice(1)

/** camelCase words of a path: `/users/:id/posts` -> `UsersByIdPosts`, `/` -> `Root`. */
function pathWords(url: string): string {
  const words = url
    .split('/')
    .filter(Boolean)
    .map((segment) => {
      const parameter = segment.startsWith(':') || segment.startsWith('{')
      const word = segment
        .replace(/^[:{]|}$/g, '')
        .split(/[^A-Za-z0-9]+/)
        .filter(Boolean)
        .map(capitalize)
        .join('')
      return parameter ? `By${word}` : word
    })
    .join('')
  return words || 'Root'
}

/**
 * What a custom operationId generator (the `generateOperationId` option) receives for one operation.
 *
 * @example
 * const generateOperationId = ({ controller, handler, method, url }: OperationIdContext) =>
 *   controller ? `${controller}.${handler}` : `${method} ${url}`
 */
export interface OperationIdContext {
  /** Upper-case HTTP method, e.g. 'GET'. */
  method: string
  /** Path relative to the document's prefix, Fastify syntax ('/items/:id'). */
  url: string
  /** Class and method names from `config.portico`, when core registered the route. */
  controller?: string
  handler?: string
  /** Number of methods of the route (the same handler serves all of them). */
  methodCount: number
  /** The Fastify route options. */
  route: RouteOptions
}

/**
 * Portico's default operationId for a route without an explicit one (rules 2 and 3 of
 * `operationIdOf`); `OPENAPI_DEFAULTS.plugin.generateOperationId`. Wrap it to keep its rules for some routes.
 *
 * @example
 * await app.register(openapi, {
 *   generateOperationId: (context) => context.url.startsWith('/v2') ? `v2_${defaultOperationId(context)}` : defaultOperationId(context),
 * })
 */
export function defaultOperationId(context: OperationIdContext): string {
  const { controller, handler, method, url, methodCount } = context
  if (controller !== undefined && handler !== undefined) {
    const id = `${controller}_${handler}`
    return methodCount > 1 ? `${id}_${method.toLowerCase()}` : id
  }
  return `${method.toLowerCase()}${pathWords(url)}`
}

/**
 * The operationId of a route's operation for `method`:
 * 1. `schema.operationId` when given;
 * 2. `${controller}_${handler}` from `config.portico` (the NestJS convention, e.g. `MainController_readMain`);
 * 3. otherwise method + path in camelCase: `GET /users/:id` -> `getUsersById`.
 * When one route has several methods, controller-derived ids get the method appended to stay unique
 * (`MainController_readMain_post`; the method prefix of rule 3 differs anyway).
 * `generate` (the `generateOperationId` option) replaces rules 2 and 3.
 *
 * @example
 * operationIdOf(route, '/users/:id', 'GET', 1) // 'getUsersById' for a plain route
 */
export function operationIdOf(
  route: RouteOptions,
  url: string,
  method: string,
  methodCount: number,
  generate: (context: OperationIdContext) => string = defaultOperationId,
): string {
  const explicit = (route.schema as { operationId?: unknown } | undefined)?.operationId
  if (typeof explicit === 'string' && explicit !== '') return explicit
  const portico = porticoConfig(route)
  const id = generate({
    method,
    url,
    methodCount,
    route,
    ...(portico ? { controller: portico.controller, handler: portico.handler } : {}),
  })
  if (typeof id !== 'string' || id === '') {
    throw new PORTICO_ERR_OPENAPI_OPTION_INVALID(
      'generateOperationId',
      `returned ${JSON.stringify(id)} for ${method} ${route.url}`,
    )
  }
  return id
}

/** How an error names a handler: `MainController.readMain (GET /app)` or `GET /app`. */
export function describeHandler(route: RouteOptions, method: string): string {
  const portico = porticoConfig(route)
  const where = `${method} ${route.url}`
  return portico ? `${portico.controller}.${portico.handler} (${where})` : where
}

/** Collects operationIds of one document; throws on the second use of an id, naming both handlers. */
export class OperationIdRegistry {
  readonly #owners = new Map<string, () => string>()

  /** `owner` names the handler; it is called only for the error message. */
  claim(id: string, owner: () => string): void {
    const previous = this.#owners.get(id)
    if (previous !== undefined) throw new PORTICO_ERR_OPENAPI_OPERATION_ID_DUPLICATE(id, previous(), owner())
    this.#owners.set(id, owner)
  }
}
