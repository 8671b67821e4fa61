import type { FastifyInstance } from 'fastify'
import { PORTICO_ERR_OPENAPI_SECURITY_SCHEME_UNKNOWN } from './errors.js'
import { ModelIds } from './model-ids.js'
import { describeHandler, OperationIdRegistry, operationIdOf } from './operation-id.js'
import { checkOverrides } from './operation-overrides.js'
import type { ResolvedOptions } from './resolve-options.js'
import type { DocumentedOperation } from './route-collection.js'
import { collectSecuritySchemes } from './security-schemes.js'

/** Throws naming the route when it requires a security scheme that `declared` lacks. */
export function checkSecurityRequirements(
  schema: { security?: unknown } | undefined,
  declared: Record<string, unknown> | undefined,
  describe: () => string,
): void {
  const requirements = schema?.security
  if (!Array.isArray(requirements)) return
  for (const requirement of requirements) {
    for (const name of Object.keys(requirement ?? {})) {
      if (declared?.[name] === undefined) {
        throw new PORTICO_ERR_OPENAPI_SECURITY_SCHEME_UNKNOWN(
          describe(),
          name,
          Object.keys(declared ?? {}).join(', ') || 'none',
        )
      }
    }
  }
}

/**
 * When the app gets ready, checks every collected operation (declared security schemes, unique
 * operationIds, a valid `schema.openapi`, one schema per model `$id`), gives each its operationId, then calls `onChecked`. The checks read route data
 * only: generating the document for 1,000 routes takes ~200 ms, which startup does not pay
 * (FastAPI also builds its document on first use).
 */
export function addStartupChecks(
  fastify: FastifyInstance,
  operations: ReadonlyMap<string, DocumentedOperation>,
  options: Pick<ResolvedOptions, 'securitySchemes' | 'generateOperationId'>,
  onChecked: () => void,
): void {
  fastify.addHook('onReady', async function checkOperations() {
    const ids = new OperationIdRegistry()
    const models = new ModelIds()
    // The option's schemes and those the routes' dependencies declare (a conflict fails here).
    const declared = collectSecuritySchemes(
      [...operations.values()].map(({ route, method }) => ({
        route,
        describe: () => describeHandler(route, method),
      })),
      options.securitySchemes,
    )
    for (const operation of operations.values()) {
      const { route, url, method, methodCount } = operation
      // Named only in an error message: describing 1,000 routes up front costs milliseconds.
      const describe = () => describeHandler(route, method)
      // @fastify/swagger dereferences requirements blindly (a TypeError); name the route instead.
      checkSecurityRequirements(route.schema, declared, describe)
      checkOverrides(route, describe)
      models.addRoute(route, describe)
      operation.operationId = operationIdOf(route, url, method, methodCount, options.generateOperationId)
      ids.claim(operation.operationId, describe)
    }
    models.add(Object.values(fastify.getSchemas()), 'the shared schemas (addSchema)')
    onChecked()
  })
}
