import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { Forbidden } from './http-errors.js'

// What the generated dependency code calls per request: the scope check and the cleanup of generator
// dependencies (FastAPI's `yield` dependencies), run after the response is sent, in reverse order of
// setup, with the request's error thrown into them; app close waits for the ones still running.

/** Generators to clean up after the response (Symbol.for: shared by copies of @portico/core). */
export const CLEANUP_STATE = Symbol.for('portico.core.dependencies.cleanup')
/** The error of the request, for the cleanups. */
export const CLEANUP_ERROR = Symbol.for('portico.core.dependencies.error')

type Gen = Generator | AsyncGenerator
type State = { [CLEANUP_STATE]: Gen[] | null; [CLEANUP_ERROR]: unknown }

/** Records a generator dependency of this request for cleanup. */
export function trackCleanup(request: FastifyRequest, gen: Gen): void {
  const state = request as unknown as State
  const list = state[CLEANUP_STATE]
  if (list === null || list === undefined) state[CLEANUP_STATE] = [gen]
  else list.push(gen)
}

/**
 * 403 when `value.scopes` (a string array) lacks one of `required`; OAuth2 schemes also get
 * `WWW-Authenticate: Bearer scope="..."`. Values without a `scopes` array are not checked.
 */
export function checkScopes(
  value: unknown,
  required: readonly string[],
  oauth: boolean,
  reply: FastifyReply,
): void {
  const has = (value as { scopes?: unknown } | null)?.scopes
  if (!Array.isArray(has)) return
  for (const scope of required) {
    if (!has.includes(scope)) {
      if (oauth) reply.header('www-authenticate', `Bearer scope="${required.join(' ')}"`)
      throw new Forbidden('Not enough permissions')
    }
  }
}

/** Runs the cleanups of one request, last set up first. */
async function runCleanups(request: FastifyRequest, list: Gen[], error: unknown): Promise<void> {
  for (let i = list.length - 1; i >= 0; i--) {
    const gen = list[i]!
    try {
      if (error === undefined) await gen.next()
      else await gen.throw(error)
    } catch (thrown) {
      // The same error rethrown was already handled (and logged) by Fastify: only log new ones.
      if (thrown !== error) request.log.error({ err: thrown }, 'a dependency cleanup failed')
    }
  }
}

/** Decorates requests with the dependency state (once per Fastify instance tree, shared by copies). */
export function decorateDependencyState(fastify: FastifyInstance, keys: readonly symbol[]): void {
  for (const key of keys) {
    if (!fastify.hasRequestDecorator(key as never))
      (fastify.decorateRequest as (k: symbol, v: null) => void).call(fastify, key, null)
  }
}

/**
 * The hooks a route with generator dependencies gets: `onError` records the error, `onResponse`
 * runs the cleanups. `pending` holds the cleanups still running, for app close to wait for.
 */
export function cleanupHooks(pending: Set<Promise<void>>) {
  return {
    onError(request: FastifyRequest, _reply: FastifyReply, error: Error, done: () => void) {
      ;(request as unknown as State)[CLEANUP_ERROR] = error
      done()
    },
    onResponse(request: FastifyRequest, _reply: FastifyReply, done: () => void) {
      const state = request as unknown as State
      const list = state[CLEANUP_STATE]
      if (list) {
        state[CLEANUP_STATE] = null
        const running = runCleanups(request, list, state[CLEANUP_ERROR] ?? undefined)
        pending.add(running)
        running.finally(() => pending.delete(running))
      }
      done()
    },
  }
}

/** Makes app close wait for the cleanups still running. */
export function awaitCleanupsOnClose(fastify: FastifyInstance, pending: Set<Promise<void>>): void {
  fastify.addHook('onClose', async () => {
    while (pending.size > 0) await Promise.allSettled([...pending])
  })
}
