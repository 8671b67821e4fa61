import type { OpenApiDocument } from './options.js'

const SCHEMA_REF = '#/components/schemas/'

function collectRefs(value: unknown, found: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) collectRefs(item, found)
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key === '$ref' && typeof item === 'string' && item.startsWith(SCHEMA_REF)) {
        found.add(decodeURIComponent(item.slice(SCHEMA_REF.length)).replace(/~1/g, '/').replace(/~0/g, '~'))
      } else {
        collectRefs(item, found)
      }
    }
  }
}

/**
 * Drops `components.schemas` that nothing in the document references (directly or through other
 * schemas). @fastify/swagger emits every shared schema of the application; a document scoped to one
 * (sub-)application lists only the models its operations use, as FastAPI does.
 */
export function pruneUnusedSchemas(document: OpenApiDocument): void {
  const schemas = document.components?.schemas
  if (!schemas) return
  const { components, ...rest } = document
  const { schemas: _schemas, ...otherComponents } = components!
  const used = new Set<string>()
  collectRefs([rest, otherComponents], used)
  const queue = [...used]
  while (queue.length > 0) {
    const name = queue.shift()!
    const before = new Set(used)
    collectRefs(schemas[name], used)
    for (const name of used) if (!before.has(name)) queue.push(name)
  }
  for (const name of Object.keys(schemas)) if (!used.has(name)) delete schemas[name]
  if (Object.keys(schemas).length === 0) delete components!.schemas
  if (Object.keys(components!).length === 0) delete document.components
}

/** A component name is `^[a-zA-Z0-9._-]+$` (OpenAPI 3.1 §4.8.7.1); other characters of `$id` become `_`. */
export function componentName(id: string): string {
  return id.replace(/[^a-zA-Z0-9._-]/g, '_')
}
