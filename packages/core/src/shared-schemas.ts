import { isDeepStrictEqual } from 'node:util'
import type { TSchema } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { PORTICO_ERR_CORE_OPTION_INVALID } from './errors.js'

// Fastify keeps a copy of an added schema, without TypeBox's symbol keys: compare what JSON sees.
const asJson = (schema: unknown): unknown => JSON.parse(JSON.stringify(schema))

type Json = Record<string, unknown>

/**
 * `schema` (a shared model) with every NESTED model whose `$id` is in `ids` replaced by `{ $ref: id }`,
 * copied on write. The same validation and serialization (the referenced model is shared too), and
 * the document references the nested model: @fastify/swagger would inline it in the component,
 * without its name.
 */
function referenceNestedModels(value: unknown, ids: ReadonlySet<string>, top = true): unknown {
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined
    value.forEach((item, i) => {
      const next = referenceNestedModels(item, ids, false)
      if (next !== item) {
        copy ??= [...value]
        copy[i] = next
      }
    })
    return copy ?? value
  }
  if (value === null || typeof value !== 'object') return value
  const object = value as Json
  if (!top && typeof object.$id === 'string' && ids.has(object.$id)) return { $ref: object.$id }
  let copy: Json | undefined
  for (const [key, item] of Object.entries(object)) {
    const next = referenceNestedModels(item, ids, false)
    if (next !== item) {
      copy ??= { ...object }
      copy[key] = next
    }
  }
  return copy ?? value
}

/**
 * Adds the `schemas` option's models to `fastify` (`addSchema`), before any route is registered, so
 * that routes may reference them with `Type.Ref(Model)` (and @fastify/swagger lists them as
 * components). A model already added with the same definition (two registrations in one context,
 * or the user's own `addSchema`) is skipped; a different one under the same `$id` fails, naming it.
 * A model nested in another (`Shelf.books: Type.Array(Book)`) that is shared too is added as a
 * reference to it.
 */
export function addSharedSchemas(fastify: FastifyInstance, schemas: unknown): void {
  if (!Array.isArray(schemas)) {
    throw new PORTICO_ERR_CORE_OPTION_INVALID('schemas', 'expected an array of schemas with $id')
  }
  const ids = new Set(Object.keys(fastify.getSchemas()))
  for (const schema of schemas as unknown[]) {
    const id = (schema as { $id?: unknown } | null)?.$id
    if (typeof id === 'string') ids.add(id)
  }
  for (const [index, given] of (schemas as unknown[]).entries()) {
    const schema = referenceNestedModels(given, ids)
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
