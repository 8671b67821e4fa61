import type { FastifyBaseLogger, FastifyRequest } from 'fastify'
import type { Dependency, Resolved } from './dependency.js'
import { PORTICO_ERR_CORE_BACKGROUND_TASK_INVALID } from './errors.js'
import { Injectable } from './injection.js'
import { Req } from './params.js'

type Task = { fn: (...args: any[]) => unknown; args: unknown[] }

function described(value: unknown): string {
  if (value === null) return 'null'
  if (value instanceof Promise) return 'a Promise (pass the function, not its call: add(fn, ...args))'
  return typeof value === 'object' ? (value.constructor?.name ?? 'an object') : typeof value
}

/**
 * Runs `tasks` one after the other (each awaited), logging a failure on `log` (the request's
 * logger, so the line carries its `reqId`) and going on with the next: one failed email must not
 * cancel the audit entry queued after it (Starlette stops at the first failure).
 */
async function runTasks(tasks: readonly Task[], log: FastifyBaseLogger): Promise<void> {
  for (const { fn, args } of tasks) {
    try {
      await fn(...args)
    } catch (error) {
      log.error({ err: error, task: fn.name || 'anonymous' }, 'background task failed')
    }
  }
}

/**
 * Work to do after the response is sent (FastAPI's `BackgroundTasks`): a handler or a dependency
 * asks for it with `@Depends(BackgroundTasks)` and calls `add(fn, ...args)`. Once the response has
 * been sent the tasks run in the order added, each awaited; a task that throws is logged with the
 * request's id (`reqId`) and the next one still runs. When the request fails (the handler or a
 * dependency throws, validation fails), the tasks do not run: they belonged to the answer that was
 * not given. One instance per request, shared by every dependency of that request.
 *
 * `app.close()` waits for the tasks still pending or running (as for every dependency cleanup):
 * the bound is the caller's, e.g. `portico run --timeout-graceful-shutdown` (10 s by default), after
 * which the process exits anyway. Keep long jobs in a real queue.
 *
 * @example
 * \@Post('/books', { body: NewBook, status: 201 })
 * create(@Body() book: NewBook, @Depends(BackgroundTasks) tasks: BackgroundTasks) {
 *   const created = this.books.add(book)
 *   tasks.add(notifySubscribers, created.id)
 *   return created
 * }
 */
/**
 * Carries the brand of `Resolved<...>` (an optional key that is never present), so that a handler
 * parameter typed plainly `BackgroundTasks` passes the route decorators' parameter check.
 */
type DependencyValue = Resolved<Dependency<Record<never, never>>>

// Declaration merging: the class's instances carry the brand (type only, nothing at runtime).
export interface BackgroundTasks extends DependencyValue {}

// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: see the interface above
export class BackgroundTasks {
  readonly #tasks: Task[] = []

  /**
   * Queues `fn(...args)` (sync or async) to run after the response. Throws
   * `PORTICO_ERR_CORE_BACKGROUND_TASK_INVALID` when `fn` is not a function (a call instead of a
   * function, typically).
   *
   * @example
   * tasks.add(sendMail, user.email, 'Welcome')
   */
  add<A extends unknown[]>(fn: (...args: A) => unknown, ...args: A): void {
    if (typeof fn !== 'function') throw new PORTICO_ERR_CORE_BACKGROUND_TASK_INVALID(described(fn))
    this.#tasks.push({ fn, args })
  }

  /** How many tasks are queued. */
  get size(): number {
    return this.#tasks.length
  }

  /**
   * The per-request dependency (Portico calls it; the instance it is called on is the app's
   * singleton): a fresh `BackgroundTasks`, whose tasks run after the response (the dependency's
   * cleanup, skipped when the request failed).
   */
  async *resolve(request: FastifyRequest): AsyncGenerator<BackgroundTasks, void, unknown> {
    const tasks = freshTasks()
    try {
      yield tasks
    } catch {
      // The request failed: its error was answered and logged already; the tasks do not run.
      return
    }
    // Async, so that the cleanup (and app close, which waits for cleanups) awaits the tasks.
    if (tasks.#tasks.length > 0) await runTasks(tasks.#tasks, request.log)
  }
}

// The class's name is in messages and logs, and the bundler (scripts/bundle.mjs) renames the inner
// binding of a class that names itself in its body, or is decorated with `@` (which tsc compiles to
// `let X = class X {}`): so the decorators are applied by calls, and `resolve` makes its instance
// through this function. Nothing reads the design types `@` would also emit here.
function freshTasks(): BackgroundTasks {
  return new BackgroundTasks()
}
Injectable()(BackgroundTasks)
Req()(BackgroundTasks.prototype, 'resolve', 0)
