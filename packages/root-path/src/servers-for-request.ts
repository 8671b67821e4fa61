import type { FastifyRequest } from 'fastify'
import type { ServerObject } from './options.js'
import { computeServers } from './servers.js'
import { getScope } from './state.js'

/**
 * The OpenAPI `servers` for the document of the app (or mounted sub-application) that `request` is in,
 * computed from the request's effective root path as FastAPI does. Frozen; `[]` means "omit the key".
 *
 * @example
 * app.get('/servers', async (request) => serversFor(request))
 */
export function serversFor(request: FastifyRequest): readonly ServerObject[] {
  const scope = getScope(request.server)
  if (scope === undefined) return []
  return computeServers(request.rootPath, scope)
}
