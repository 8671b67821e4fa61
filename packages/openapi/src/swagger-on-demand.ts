import fastifySwagger, { type FastifyDynamicSwaggerOptions } from '@fastify/swagger'
import type { FastifyInstance, RouteOptions } from 'fastify'
import { PORTICO_ERR_OPENAPI_SWAGGER_UNSUPPORTED } from './errors.js'
import type { OpenApiDocument } from './options.js'

// Registering @fastify/swagger costs every start of a 1,000-route app about 20 ms: it loads some
// hundred modules (`yaml`, json-schema-resolver, `debug`) and goes through avvio, for a document
// nobody may ever ask for. Its dynamic mode only records what its hooks see (every route added,
// every child context, the shared schemas once ready) and generates from that on demand. So that
// recording is done here with three cheap hooks, and @fastify/swagger is started on the first
// generation, on a stand-in for the context: its hooks are replayed with what was recorded, in the
// order Fastify called them, and its generator is what it decorates the stand-in with. Routes and
// schemas are fixed once the app is ready, so the replay sees what registration would have seen.

/** The hooks @fastify/swagger's dynamic mode adds, all replayed; any other is refused. */
const REPLAYED_HOOKS = ['onRoute', 'onRegister', 'onReady'] as const
type ReplayedHook = (typeof REPLAYED_HOOKS)[number]
type Hook = (this: FastifyInstance, ...args: unknown[]) => unknown

/**
 * Records, on `fastify`, what @fastify/swagger registered there now would see, and returns the
 * function that starts it on first call (after ready) and returns its generator.
 *
 * @example
 * const start = swaggerOnDemand(fastify, { openapi: { info } })
 * await fastify.ready()
 * const document = start()() // @fastify/swagger's `fastify.swagger()`
 */
export function swaggerOnDemand(
  fastify: FastifyInstance,
  swaggerOptions: FastifyDynamicSwaggerOptions,
): () => () => OpenApiDocument {
  let routes: RouteOptions[] = []
  let contexts: FastifyInstance[] = []
  fastify.addHook('onRoute', (route) => {
    routes.push(route)
  })
  fastify.addHook('onRegister', (context) => {
    contexts.push(context)
  })
  let generator: (() => OpenApiDocument) | undefined
  return () => {
    if (generator !== undefined) return generator
    generator = startSwagger(fastify, swaggerOptions, routes, contexts)
    // @fastify/swagger keeps its own list of the routes; the child contexts it drops once read.
    routes = []
    contexts = []
    return generator
  }
}

function startSwagger(
  fastify: FastifyInstance,
  swaggerOptions: FastifyDynamicSwaggerOptions,
  routes: RouteOptions[],
  contexts: FastifyInstance[],
): () => OpenApiDocument {
  const hooks = new Map<ReplayedHook, Hook[]>(REPLAYED_HOOKS.map((name) => [name, []]))
  let generator: unknown
  // Inherits everything else from the context (getSchemas, the schema controller, the prefix).
  const standIn: FastifyInstance = Object.create(fastify, {
    addHook: {
      value(name: string, hook: Hook) {
        const list = hooks.get(name as ReplayedHook)
        if (list === undefined) throw new PORTICO_ERR_OPENAPI_SWAGGER_UNSUPPORTED(`its "${name}" hook`)
        list.push(hook)
        return standIn
      },
    },
    decorate: {
      value(_name: string | symbol, value: unknown) {
        generator = value
        return standIn
      },
    },
  })
  let failure: unknown
  fastifySwagger(standIn, { ...swaggerOptions, mode: 'dynamic' }, (error?: Error) => {
    failure = error
  })
  if (failure !== undefined) throw failure
  if (typeof generator !== 'function')
    throw new PORTICO_ERR_OPENAPI_SWAGGER_UNSUPPORTED('no generator decorated')
  for (const route of routes) for (const hook of hooks.get('onRoute')!) hook.call(standIn, route)
  for (const context of contexts) for (const hook of hooks.get('onRegister')!) hook.call(standIn, context, {})
  for (const hook of hooks.get('onReady')!) {
    hook.call(standIn, (error?: Error) => {
      if (error) throw error
    })
  }
  return (generator as () => OpenApiDocument).bind(standIn)
}
