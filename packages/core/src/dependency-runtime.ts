import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { Forbidden } from './http-errors.js'

// What the generated dependency code calls per request: the scope check and the cleanup of generator
// dependencies (FastAPI's `yield` dependencies), run after the response is sent, in reverse order of
// setup, with the request's error thrown into them; app close waits for the ones still running.
// A client that disconnects first gets no response, so no onResponse: the cleanups then run once
// the handler (which Fastify still runs) has settled, or when the request fails.

/** The cleanup state of a request (Symbol.for: shared by copies of @portico/core). */
export const CLEANUP_STATE = Symbol.for('portico.core.dependencies.cleanup')

type Gen = Generator | AsyncGenerator
interface CleanupState {
  gens: Gen[]
  error: unknown
  aborted: boolean
  settled: boolean
  done: boolean
}
type WithState = { [CLEANUP_STATE]: CleanupState | null }

function stateOf(request: FastifyRequest): CleanupState {
  const holder = request as unknown as WithState
  let state = holder[CLEANUP_STATE]
  if (!state) {
    state = { gens: [], error: undefined, aborted: false, settled: false, done: false }
    holder[CLEANUP_STATE] = state
  }
  return state
}

/** Records a generator dependency of this request for cleanup. */
export function trackCleanup(request: FastifyRequest, gen: Gen): void {
  stateOf(request).gens.push(gen)
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

/** Starts the request's cleanups (once), tracked in `pending` for app close. */
function cleanUp(request: FastifyRequest, pending: Set<Promise<void>>): void {
  const state = (request as unknown as WithState)[CLEANUP_STATE]
  if (!state || state.done) return
  state.done = true
  if (state.gens.length === 0) return
  const running = runCleanups(request, state.gens, state.error)
  pending.add(running)
  running.finally(() => pending.delete(running))
}

/** Decorates requests with the dependency state (once per Fastify instance tree, shared by copies). */
export function decorateDependencyState(fastify: FastifyInstance, keys: readonly symbol[]): void {
  for (const key of keys) {
    if (!fastify.hasRequestDecorator(key as never))
      (fastify.decorateRequest as (k: symbol, v: null) => void).call(fastify, key, null)
  }
}

/**
 * What a route with generator dependencies gets: `onError` records the error, `onResponse` runs the
 * cleanups; after a client disconnect (`onRequestAbort`) they run once the handler has settled
 * (`settled`, called by the generated handler with its result) or the request failed.
 * `pending` holds the cleanups still running, for app close to wait for.
 */
export function cleanupHooks(pending: Set<Promise<void>>) {
  const settle = (request: FastifyRequest) => {
    const state = stateOf(request)
    state.settled = true
    if (state.aborted) cleanUp(request, pending)
  }
  return {
    onError(request: FastifyRequest, _reply: FastifyReply, error: Error, done: () => void) {
      const state = stateOf(request)
      state.error = error
      if (state.aborted) cleanUp(request, pending)
      done()
    },
    onResponse(request: FastifyRequest, _reply: FastifyReply, done: () => void) {
      cleanUp(request, pending)
      done()
    },
    onRequestAbort(request: FastifyRequest, done: () => void) {
      const state = stateOf(request)
      state.aborted = true
      if (state.settled) cleanUp(request, pending)
      done()
    },
    /** Called by the generated handler with its result: the request's work is over when it settles. */
    settled(request: FastifyRequest, result: unknown): void {
      if (
        result !== null &&
        typeof result === 'object' &&
        typeof (result as Promise<unknown>).then === 'function'
      ) {
        ;(result as Promise<unknown>).then(
          () => settle(request),
          () => settle(request),
        )
      } else settle(request)
    },
  }
}

/** Makes app close wait for the cleanups still running. */
export function awaitCleanupsOnClose(fastify: FastifyInstance, pending: Set<Promise<void>>): void {
  fastify.addHook('onClose', async () => {
    while (pending.size > 0) await Promise.allSettled([...pending])
  })
}
