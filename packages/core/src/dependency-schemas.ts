import type { TSchema } from '@sinclair/typebox'
import { type DepNode, paramArg } from './dependency-nodes.js'
import { PORTICO_ERR_CORE_DEPENDENCY_SCHEMA_CONFLICT } from './errors.js'
import type { RouteDefinition } from './route.js'
import type { RouteOptions } from './route-options.js'

// A header, query parameter or cookie a dependency declares with a schema is merged into the route's
// `headers` / `querystring` / `cookies` schema, so Fastify validates it and the document shows it,
// exactly as if the route declared it.

const TARGET = { header: 'headers', query: 'querystring', cookie: 'cookies' } as const
type Located = keyof typeof TARGET

const OPTIONAL = Symbol.for('TypeBox.Optional')

/** Required unless optional (`Type.Optional`) or defaulted. */
function isRequired(schema: TSchema): boolean {
  return (schema as unknown as Record<symbol, unknown>)[OPTIONAL] !== 'Optional' && !('default' in schema)
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)

/** `options` with the schemas the dependencies' inputs declare merged in (the same object if none). */
export function mergeInputSchemas(
  options: RouteOptions,
  nodes: readonly Pick<DepNode, 'name' | 'args'>[],
  where: string,
): RouteOptions {
  const wanted: Record<Located, Map<string, { schema: TSchema; by: string }>> = {
    header: new Map(),
    query: new Map(),
    cookie: new Map(),
  }
  for (const n of nodes) {
    for (const arg of n.args) {
      const schema =
        arg.kind === 'input' ? arg.input.schema : arg.kind === 'param' ? arg.param.schema : undefined
      if (schema === undefined) continue
      const kind = arg.kind === 'input' ? arg.input.kind : arg.kind === 'param' ? arg.param.kind : undefined
      if (kind !== 'header' && kind !== 'query' && kind !== 'cookie') continue
      const name = (
        arg.kind === 'input' ? arg.input.name : arg.kind === 'param' ? arg.param.name : undefined
      )!
      const by = n.name.startsWith('@') ? n.name : `dependency ${n.name}`
      const known = wanted[kind].get(name)
      if (known && !same(known.schema, schema)) {
        throw new PORTICO_ERR_CORE_DEPENDENCY_SCHEMA_CONFLICT(where, kind, name, known.by, by)
      }
      wanted[kind].set(name, { schema: schema as TSchema, by })
    }
  }
  let merged: RouteOptions = options
  for (const kind of ['header', 'query', 'cookie'] as const) {
    if (wanted[kind].size === 0) continue
    const key = TARGET[kind]
    const base = (options as Record<string, unknown>)[key] as
      | (TSchema & { properties?: Record<string, TSchema>; required?: string[] })
      | undefined
    if (base !== undefined && (typeof base.properties !== 'object' || base.properties === null)) {
      const first = [...wanted[kind].values()][0]!
      throw new PORTICO_ERR_CORE_DEPENDENCY_SCHEMA_CONFLICT(
        where,
        kind,
        [...wanted[kind].keys()][0],
        `the route's \`${key}\` schema (not an object schema with properties: cannot merge)`,
        first.by,
      )
    }
    const properties: Record<string, TSchema> = { ...(base?.properties ?? {}) }
    const required = new Set(base?.required ?? [])
    for (const [name, { schema, by }] of wanted[kind]) {
      const own = base?.properties?.[name]
      if (own !== undefined) {
        if (!same(own, schema)) {
          throw new PORTICO_ERR_CORE_DEPENDENCY_SCHEMA_CONFLICT(
            where,
            kind,
            name,
            `the route's \`${key}\` schema`,
            by,
          )
        }
        continue
      }
      properties[name] = schema
      if (isRequired(schema)) required.add(name)
    }
    const schema = {
      ...(base ?? { type: 'object' }),
      properties,
      ...(required.size > 0 ? { required: [...required] } : {}),
    }
    merged = { ...merged, [key]: schema }
  }
  return merged
}

/**
 * `def` with the in-place schemas of its handler's `@Query(name, schema)` / `@Header(name, schema)`
 * merged into its options (the same object when there are none). Cookies are cookies.ts's.
 */
export function mergeHandlerSchemas(def: RouteDefinition, where: string): RouteDefinition {
  const inPlace = def.params.filter(
    (p) => p.schema !== undefined && (p.kind === 'query' || p.kind === 'header'),
  )
  if (inPlace.length === 0) return def
  const sources = inPlace.map((p) => ({ name: p.label, args: [paramArg(p)] }))
  return { ...def, options: mergeInputSchemas(def.options, sources, where) }
}
