import { createRequire } from 'node:module'
import type { FastifyServerOptions } from 'fastify'
import { PORTICO_ERR_APP_OPTION_INVALID } from './errors.js'
import { cacheKey, compilerRequires, evaluateModule, SchemaCache, stableJson } from './schema-cache.js'

// Fastify's `schemaController.compilersFactory` over the schema cache: each schema Fastify asks a
// validator or serializer for is looked up by its key; a hit evaluates the stored code, a miss
// generates it with the compilers Fastify uses by default, in their standalone mode (Ajv's
// `code: { source: true }` + standaloneCode, fast-json-stringify's `mode: 'standalone'`), records
// it and returns the function generated from that very code. The compilers are only created on
// the first miss: a start that hits for every schema creates no Ajv instance at all.

const require = createRequire(import.meta.url)

type SchemaController = NonNullable<FastifyServerOptions['schemaController']>
type CompilersFactory = NonNullable<SchemaController['compilersFactory']>
type RouteSchemaOptions = {
  schema: Record<string, unknown>
  method?: string
  url?: string
  httpPart?: string
}
type ValidatorFn = (data: unknown) => boolean

type StandaloneValidatorModule = (options: {
  readMode: false
  storeFunction: (options: RouteSchemaOptions, code: string) => void
}) => (externalSchemas: unknown, ajvOptions: unknown) => (options: RouteSchemaOptions) => ValidatorFn

/** Looks `key` up, evaluating a stored entry; `undefined` on a miss or an entry that fails. */
function restore(cache: SchemaCache, key: string, requireFrom: NodeRequire): unknown {
  const source = cache.get(key)
  if (source === undefined) return undefined
  try {
    const exported = evaluateModule(source, requireFrom)
    if (typeof exported === 'function') return exported
    cache.reject(key, 'the stored code does not export a function')
  } catch (error) {
    cache.reject(key, (error as Error).message)
  }
  return undefined
}

/**
 * The key of a route's schema in one context, computed once per schema object: apps pass the
 * same (TypeBox) schema objects to many routes, and hashing is most of what a hit costs.
 */
function keyOf(
  kind: string,
  context: string,
  keys: WeakMap<object, string>,
  schema: object,
): string | undefined {
  let key = keys.get(schema)
  if (key === undefined) {
    try {
      key = cacheKey(kind, context, stableJson(schema))
    } catch {
      return undefined // not serializable (a cycle, a BigInt): compiled, not cached
    }
    keys.set(schema, key)
  }
  return key
}

/** The key part of a context's shared schemas and options; `undefined`: not serializable (no cache). */
function contextOf(externalSchemas: unknown, options: unknown): string | undefined {
  try {
    return `${stableJson(externalSchemas)}\0${stableJson(options)}`
  } catch {
    return undefined
  }
}

/**
 * The function of a stored entry, evaluated once per process and key: validators and serializers
 * keep no state between calls that a second route could see (Ajv's `errors` is read right after
 * each call, as when Ajv itself hands one compiled function to identical schemas).
 */
function restoreShared(
  cache: SchemaCache,
  key: string,
  requireFrom: NodeRequire,
  evaluated: Map<string, unknown>,
): unknown {
  let fn = evaluated.get(key)
  if (fn === undefined) {
    fn = restore(cache, key, requireFrom)
    if (fn !== undefined) evaluated.set(key, fn)
  }
  return fn
}

function validatorFactory(cache: SchemaCache): CompilersFactory['buildValidator'] {
  const evaluated = new Map<string, unknown>()
  return ((externalSchemas: unknown, ajvOptions: unknown) => {
    // Once per encapsulation context: the shared schemas and options are hashed here, not per route.
    const context = contextOf(externalSchemas, ajvOptions)
    if (context === undefined) {
      const AjvCompiler = require('@fastify/ajv-compiler') as () => (e: unknown, o: unknown) => unknown
      return AjvCompiler()(externalSchemas, ajvOptions)
    }
    const validatorRequire = compilerRequires().validator
    const keys = new WeakMap<object, string>()
    let compile: ((options: RouteSchemaOptions) => ValidatorFn) | undefined
    let generated: string | undefined
    return (options: RouteSchemaOptions) => {
      const key = keyOf('validator', context, keys, options.schema)
      const restored = key === undefined ? undefined : restoreShared(cache, key, validatorRequire, evaluated)
      if (restored !== undefined) return restored
      if (compile === undefined) {
        const Standalone = require('@fastify/ajv-compiler/standalone') as StandaloneValidatorModule
        const build = Standalone({ readMode: false, storeFunction: (_options, code) => (generated = code) })
        // The standalone wrapper sets `customOptions.code` on the object it gets: give it a copy.
        const ajv = (ajvOptions ?? {}) as { customOptions?: object }
        compile = build(externalSchemas, { ...ajv, customOptions: { ...ajv.customOptions } })
      }
      generated = undefined
      const validate = compile(options)
      if (generated !== undefined && key !== undefined) {
        cache.set(key, generated)
        evaluated.set(key, validate)
      }
      return validate
    }
  }) as never
}

function serializerFactory(cache: SchemaCache): CompilersFactory['buildSerializer'] {
  const evaluated = new Map<string, unknown>()
  return ((externalSchemas: Record<string, unknown> | undefined, serializerOpts: unknown) => {
    const context = contextOf(externalSchemas, serializerOpts)
    if (context === undefined) {
      const { SerializerSelector } = require('@fastify/fast-json-stringify-compiler') as {
        SerializerSelector: () => (e: unknown, o: unknown) => unknown
      }
      return SerializerSelector()(externalSchemas, serializerOpts)
    }
    const serializerRequire = compilerRequires().serializer
    const keys = new WeakMap<object, string>()
    let stringify: ((schema: unknown, options: object) => string) | undefined
    return (options: RouteSchemaOptions) => {
      const key = keyOf('serializer', context, keys, options.schema)
      const restored = key === undefined ? undefined : restoreShared(cache, key, serializerRequire, evaluated)
      if (restored !== undefined) return restored
      stringify ??= serializerRequire('fast-json-stringify') as typeof stringify
      // What @fastify/fast-json-stringify-compiler does, in standalone mode: the route's schema is
      // not also an external schema under its own $id.
      let schemas = externalSchemas
      const id = options.schema.$id as string | undefined
      if (schemas && id !== undefined && schemas[id]) {
        schemas = { ...schemas }
        delete schemas[id]
      }
      const source = stringify!(options.schema, {
        ...(serializerOpts as object),
        schema: schemas,
        mode: 'standalone',
      })
      const serialize = evaluateModule(source, serializerRequire)
      if (key !== undefined) {
        cache.set(key, source)
        evaluated.set(key, serialize)
      }
      return serialize
    }
  }) as never
}

/**
 * Fastify's `schemaController` reading and filling `cache`: validators and serializers of the
 * schemas the cache holds are evaluated from their stored code instead of compiled.
 *
 * @example
 * const cache = SchemaCache.open('node_modules/.cache/portico')
 * const app = Fastify({ schemaController: cachedSchemaController(cache) })
 * app.addHook('onReady', async () => cache.save())
 */
export function cachedSchemaController(cache: SchemaCache): SchemaController {
  return {
    compilersFactory: {
      buildValidator: validatorFactory(cache),
      buildSerializer: serializerFactory(cache),
    },
  }
}

/**
 * createApp's `schemaCache`: the cache of `dir` installed in `serverOptions.schemaController`
 * (a user's own `compilersFactory` wins: then no cache), or `undefined` for `false` / unset.
 * The caller saves it once the app is ready.
 *
 * @example
 * const cache = useSchemaCache('node_modules/.cache/portico', serverOptions)
 * const app = Fastify(serverOptions)
 * if (cache) app.addHook('onReady', async () => cache.save())
 */
export function useSchemaCache(dir: unknown, serverOptions: FastifyServerOptions): SchemaCache | undefined {
  if (dir === undefined || dir === false) return undefined
  if (typeof dir !== 'string' || dir === '') {
    throw new PORTICO_ERR_APP_OPTION_INVALID('schemaCache', 'expected a directory path or false')
  }
  const own = serverOptions.schemaController
  if (own?.compilersFactory?.buildValidator || own?.compilersFactory?.buildSerializer) return undefined
  const cache = SchemaCache.open(dir)
  serverOptions.schemaController = { ...own, ...cachedSchemaController(cache) }
  return cache
}
