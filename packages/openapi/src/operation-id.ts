import type { RouteOptions } from 'fastify'
import { DuplicateOperationIdError } from './errors.js'

/** What core puts in `route.config.portico` (see CONTRIBUTING.md). */
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
 * The operationId of a route's operation for `method`:
 * 1. `schema.operationId` when given;
 * 2. `${controller}_${handler}` from `config.portico` (the NestJS convention, e.g. `MainController_readMain`);
 * 3. otherwise method + path in camelCase: `GET /users/:id` -> `getUsersById`.
 * When one route has several methods, derived ids (2 and 3) get the method appended to stay unique
 * (`MainController_readMain_post`, or the method prefix of rule 3 differs anyway).
 */
export function operationIdOf(route: RouteOptions, url: string, method: string, methodCount: number): string {
  const explicit = (route.schema as { operationId?: unknown } | undefined)?.operationId
  if (typeof explicit === 'string' && explicit !== '') return explicit
  const portico = porticoConfig(route)
  if (portico) {
    const id = `${portico.controller}_${portico.handler}`
    return methodCount > 1 ? `${id}_${method.toLowerCase()}` : id
  }
  return `${method.toLowerCase()}${pathWords(url)}`
}

/** How an error names a handler: `MainController.readMain (GET /app)` or `GET /app`. */
export function describeHandler(route: RouteOptions, method: string): string {
  const portico = porticoConfig(route)
  const where = `${method} ${route.url}`
  return portico ? `${portico.controller}.${portico.handler} (${where})` : where
}

/** Collects operationIds of one document; throws on the second use of an id, naming both handlers. */
export class OperationIdRegistry {
  readonly #owners = new Map<string, string>()

  claim(id: string, owner: string): void {
    const previous = this.#owners.get(id)
    if (previous !== undefined) throw new DuplicateOperationIdError(id, previous, owner)
    this.#owners.set(id, owner)
  }
}
