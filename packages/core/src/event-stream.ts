import type { Readable } from 'node:stream'
import { CORE_DEFAULTS } from './defaults.js'
import { PORTICO_ERR_CORE_RESPONSE_INVALID } from './errors.js'
import { PorticoResponse, type RequestLike, type ResponseOptions } from './response-base.js'
import { checkNonNegative, checkResponseOptions, checkStatus } from './response-checks.js'
import { type ServerSentEvent, sseReadable } from './sse.js'

/**
 * Options of an {@link EventStream}.
 *
 * @example
 * const options: EventStreamOptions = { keepAlive: 10_000, retry: 3000 }
 */
export interface EventStreamOptions extends ResponseOptions {
  /** Milliseconds of silence after which a `: keep-alive` comment is sent (proxies drop idle connections); `0` for none. Default: 15000. */
  keepAlive?: number
  /** Reconnection delay (ms) sent first as `retry:`. Default: none (the browser's, about 3 s). */
  retry?: number
}

/**
 * Server-sent events (`text/event-stream`) from an (async) iterable: each value is one event (a
 * string as is, anything else as JSON; a {@link ServerSentEvent} adds `event:`/`id:`/`retry:`), sent
 * as soon as it is yielded. When the client disconnects, the iterator's `return()` is called (a
 * generator's `finally` runs). Sent with `Cache-Control: no-cache` and `X-Accel-Buffering: no` (nginx
 * passes each event on instead of buffering); @fastify/compress leaves `text/event-stream` alone.
 *
 * @example
 * \@Get('/ticks', { response: { 200: sse(Tick) } })
 * ticks() { return new EventStream(this.clock.ticks()) }
 */
export class EventStream<T = unknown> extends PorticoResponse {
  readonly #options: { keepAlive: number; retry?: number }

  constructor(
    /** The events, in order. */
    readonly source: AsyncIterable<T | ServerSentEvent<T>> | Iterable<T | ServerSentEvent<T>>,
    options: EventStreamOptions = {},
  ) {
    checkResponseOptions(options, CORE_DEFAULTS.eventStream, 'EventStream')
    checkStatus(options.status, 'EventStream')
    checkNonNegative(options.keepAlive, 'keepAlive', 'EventStream')
    checkNonNegative(options.retry, 'retry', 'EventStream')
    const iterable = source as unknown as Record<symbol, unknown> | null
    // A string is iterable too (by character): never what is meant.
    if (
      typeof source !== 'object' ||
      (typeof iterable?.[Symbol.asyncIterator] !== 'function' &&
        typeof iterable?.[Symbol.iterator] !== 'function')
    ) {
      throw new PORTICO_ERR_CORE_RESPONSE_INVALID(
        'EventStream',
        'the source must be an iterable or an async iterable',
      )
    }
    super(options.status, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      'x-accel-buffering': 'no',
      ...options.headers,
    })
    this.#options = { keepAlive: options.keepAlive ?? CORE_DEFAULTS.eventStream.keepAlive }
    if (options.retry !== undefined) this.#options.retry = options.retry
  }
  protected nodeBody(request: RequestLike | undefined): Readable | null {
    // A HEAD request gets the headers only: Fastify would drain the stream, and a source of events
    // may never end.
    if (request?.method === 'HEAD') return null
    return sseReadable(this.source, this.#options)
  }
}
