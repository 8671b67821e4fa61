import { isDeepStrictEqual } from 'node:util'
import type { TSchema } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { PORTICO_ERR_CORE_OPTION_INVALID } from './errors.js'

// Fastify keeps a copy of an added schema, without TypeBox's symbol keys: compare what JSON sees.
const asJson = (schema: unknown): unknown => JSON.parse(JSON.stringify(schema))

/**
 * Adds the `schemas` option's models to `fastify` (`addSchema`), before any route is registered, so
 * that routes may reference them with `Type.Ref(Model)` (and @fastify/swagger lists them as
 * components). A model already added with the same definition (two registrations in one context,
 * or the user's own `addSchema`) is skipped; a different one under the same `$id` fails, naming it.
 */
export function addSharedSchemas(fastify: FastifyInstance, schemas: unknown): void {
  if (!Array.isArray(schemas)) {
    throw new PORTICO_ERR_CORE_OPTION_INVALID('schemas', 'expected an array of schemas with $id')
  }
  for (const [index, schema] of (schemas as unknown[]).entries()) {
    const id = (schema as { $id?: unknown } | null)?.$id
    if (typeof schema !== 'object' || schema === null || typeof id !== 'string' || id === '') {
      throw new PORTICO_ERR_CORE_OPTION_INVALID(
        'schemas',
        `schemas[${index}] has no string $id (give it one: Type.Object({...}, { $id: 'User' }))`,
      )
    }
    const existing = fastify.getSchema(id)
    if (existing === undefined) {
      fastify.addSchema(schema as TSchema)
    } else if (existing !== schema && !isDeepStrictEqual(asJson(existing), asJson(schema))) {
      throw new PORTICO_ERR_CORE_OPTION_INVALID(
        'schemas',
        `schemas[${index}] ($id '${id}') differs from the schema already added with that $id`,
      )
    }
  }
}
