import type { OpenApiDocument } from './options.js'

// A request property with a `default` may be left out: Fastify's Ajv (useDefaults: true) fills it
// before the handler runs, so the handler always has it (TypeBox's Static<> says so), while clients
// generated from the document must not be made to send it. @fastify/swagger copies the schema's
// `required` list as it is; this pass relaxes the request side of the document after generation.

type Schema = Record<string, unknown>

const SCHEMA_REF = '#/components/schemas/'
// Values, not schemas: never walked.
const VALUE_KEYS = new Set(['default', 'const', 'enum', 'example', 'examples'])

const isObject = (value: unknown): value is Schema =>
  value !== null && typeof value === 'object' && !Array.isArray(value)

const refName = (ref: unknown): string | undefined =>
  typeof ref === 'string' && ref.startsWith(SCHEMA_REF)
    ? decodeURIComponent(ref.slice(SCHEMA_REF.length)).replace(/~1/g, '/').replace(/~0/g, '~')
    : undefined

/** Names of the components `value` references directly. */
function refsOf(value: unknown, found: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) for (const item of value) refsOf(item, found)
  else if (isObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (key === '$ref') {
        const name = refName(item)
        if (name !== undefined) found.add(name)
      } else if (!VALUE_KEYS.has(key)) refsOf(item, found)
    }
  }
  return found
}

/** Whether a schema tree (not following refs) lists a defaulted property in `required`. */
function hasDefaultedRequired(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasDefaultedRequired)
  if (!isObject(value)) return false
  if (Array.isArray(value.required) && isObject(value.properties)) {
    const properties = value.properties
    if (value.required.some((name) => isObject(properties[name]) && properties[name].default !== undefined))
      return true
  }
  return Object.entries(value).some(([key, item]) => !VALUE_KEYS.has(key) && hasDefaultedRequired(item))
}

/** A copy of a schema tree with defaulted properties out of `required` and refs renamed by `rename`. */
function relax(value: unknown, rename: (name: string) => string): unknown {
  if (Array.isArray(value)) return value.map((item) => relax(item, rename))
  if (!isObject(value)) return value
  const copy: Schema = {}
  for (const [key, item] of Object.entries(value)) {
    if (key === '$ref') {
      const name = refName(item)
      copy[key] = name === undefined ? item : `${SCHEMA_REF}${encodeURIComponent(rename(name))}`
    } else copy[key] = VALUE_KEYS.has(key) ? item : relax(item, rename)
  }
  if (Array.isArray(copy.required) && isObject(copy.properties)) {
    const properties = copy.properties
    const required = copy.required.filter(
      (name) => !(isObject(properties[name]) && properties[name].default !== undefined),
    )
    if (required.length > 0) copy.required = required
    else delete copy.required
  }
  return copy
}

type Operation = { parameters?: unknown[]; requestBody?: { content?: Record<string, { schema?: unknown }> } }

function operationsOf(document: OpenApiDocument): Operation[] {
  const list: Operation[] = []
  for (const item of Object.values(document.paths ?? {})) {
    for (const operation of Object.values(item ?? {}))
      if (isObject(operation)) list.push(operation as Operation)
  }
  return list
}

/**
 * Makes request properties that have a `default` optional in `document`: query, header and cookie
 * parameters get `required: false` (path parameters stay required, as OpenAPI demands), and request
 * body schemas drop them from `required`, inline or in a model. A model also used outside request
 * bodies (a response) keeps its `required` list, and request bodies reference a relaxed copy,
 * `<Name>-Input` (FastAPI's name for a model whose input and output schemas differ).
 */
export function relaxDefaultedInputs(document: OpenApiDocument): void {
  const operations = operationsOf(document)
  for (const operation of operations) {
    for (const parameter of operation.parameters ?? []) {
      if (!isObject(parameter) || parameter.in === 'path' || parameter.required !== true) continue
      if (isObject(parameter.schema) && parameter.schema.default !== undefined) parameter.required = false
    }
  }
  const bodies = operations.flatMap((o) => Object.values(o.requestBody?.content ?? {}).filter(isObject))
  const schemas = (document.components?.schemas ?? {}) as Record<string, unknown>

  // Components that need a relaxed form: their own tree lists a defaulted property, or they reference one.
  const needs = new Set(Object.keys(schemas).filter((name) => hasDefaultedRequired(schemas[name])))
  for (let grew = needs.size > 0; grew; ) {
    grew = false
    for (const name of Object.keys(schemas)) {
      if (!needs.has(name) && [...refsOf(schemas[name])].some((ref) => needs.has(ref))) {
        needs.add(name)
        grew = true
      }
    }
  }
  if (needs.size === 0 && !bodies.some((b) => hasDefaultedRequired(b.schema))) return

  // Components reachable from outside request bodies keep their schema: requests get a copy.
  const { components, ...rest } = document
  const elsewhere = refsOf([
    stripBodies(rest.paths ?? {}),
    rest.webhooks,
    { ...components, schemas: undefined },
  ])
  for (const pending = [...elsewhere]; pending.length > 0; ) {
    for (const ref of refsOf(schemas[pending.shift()!])) {
      if (elsewhere.has(ref)) continue
      elsewhere.add(ref)
      pending.push(ref)
    }
  }
  const inputName = (name: string) => (needs.has(name) && elsewhere.has(name) ? `${name}-Input` : name)

  // Relax every component reachable from request bodies (copies named by inputName).
  const reached = new Set<string>()
  const queue = bodies.flatMap((b) => [...refsOf(b.schema)])
  while (queue.length > 0) {
    const name = queue.shift()!
    if (reached.has(name) || schemas[name] === undefined) continue
    reached.add(name)
    queue.push(...refsOf(schemas[name]))
  }
  for (const name of reached) {
    if (needs.has(name)) schemas[inputName(name)] = relax(schemas[name], inputName)
  }
  for (const body of bodies) body.schema = relax(body.schema, inputName)
}

/** The paths object without request bodies (to find what else references a model). */
function stripBodies(paths: unknown): unknown {
  const copy: Schema = {}
  for (const [path, item] of Object.entries(paths as Schema)) {
    const methods: Schema = {}
    for (const [method, operation] of Object.entries((item ?? {}) as Schema)) {
      methods[method] = isObject(operation) ? { ...operation, requestBody: undefined } : operation
    }
    copy[path] = methods
  }
  return copy
}
