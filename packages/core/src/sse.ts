import { Readable } from 'node:stream'

/**
 * Fields of one server-sent event besides its data (https://html.spec.whatwg.org/multipage/server-sent-events.html).
 *
 * @example
 * const fields: SseFields = { event: 'price', id: '42', retry: 5000 }
 */
export interface SseFields {
  /** The event type (`event:`); the browser's `EventSource` dispatches it to `addEventListener(event)`. Default: none (`message`). */
  event?: string
  /** The event id (`id:`), sent back by a reconnecting browser as `Last-Event-ID`. Default: none. */
  id?: string | number
  /** Reconnection delay in milliseconds the browser should use (`retry:`). Default: none. */
  retry?: number
  /** A comment line (`: ...`), ignored by browsers. Default: none. */
  comment?: string
}

/**
 * One server-sent event with fields beside its data, for an {@link EventStream} source that needs
 * `event:`, `id:` or `retry:` (plain values are sent as `data:` alone).
 *
 * @example
 * yield new ServerSentEvent({ price: 12 }, { event: 'price', id: 1 })
 */
export class ServerSentEvent<T = unknown> {
  constructor(
    /** The data: a string is sent as is (one `data:` line per line), anything else as JSON. */
    readonly data: T,
    /** The other fields. */
    readonly fields: SseFields = {},
  ) {}
}

// A field value may not contain a line break: it would end the field and start another (an
// injected `data:` or `event:`). Such characters are dropped from `event`, `id` and comments.
const LINE_BREAK = /[\r\n]/g
const NEWLINES = /\r\n|\r|\n/

function dataLines(data: unknown): string {
  const text = typeof data === 'string' ? data : (JSON.stringify(data) ?? 'null')
  let out = ''
  for (const line of text.split(NEWLINES)) out += `data: ${line}\n`
  return out
}

/**
 * The wire form of one event: its fields, then one `data:` line per line of its data, then the
 * blank line that dispatches it.
 *
 * @example
 * encodeEvent({ n: 1 })                                          // 'data: {"n":1}\n\n'
 * encodeEvent(new ServerSentEvent('hi', { event: 'greet', id: 7 })) // 'event: greet\nid: 7\ndata: hi\n\n'
 */
export function encodeEvent(item: unknown): string {
  if (!(item instanceof ServerSentEvent)) return `${dataLines(item)}\n`
  const { event, id, retry, comment } = item.fields as SseFields
  let out = ''
  if (comment !== undefined) out += `: ${String(comment).replace(LINE_BREAK, '')}\n`
  if (event !== undefined) out += `event: ${String(event).replace(LINE_BREAK, '')}\n`
  if (id !== undefined) out += `id: ${String(id).replace(LINE_BREAK, '')}\n`
  if (retry !== undefined && Number.isInteger(retry) && retry >= 0) out += `retry: ${retry}\n`
  if (item.data !== undefined) out += dataLines(item.data)
  return `${out}\n`
}

/** What {@link sseReadable} needs of an event stream's options. */
export interface SseStreamOptions {
  /** Milliseconds between keep-alive comments; `0` sends none. */
  keepAlive: number
  /** `retry:` sent first, when set. */
  retry?: number
}

/**
 * A byte stream of the events of `source`. Each event is pushed as soon as the source yields it
 * (one write each, so nothing waits for a buffer to fill), a `: keep-alive` comment is pushed when
 * the source has been quiet for `keepAlive` ms (proxies close idle connections), and destroying the
 * stream (Fastify does when the client disconnects) calls the source iterator's `return()`, so a
 * generator's `finally` runs and its resources are released.
 */
export function sseReadable(
  source: AsyncIterable<unknown> | Iterable<unknown>,
  options: SseStreamOptions,
): Readable {
  let iterator: AsyncIterator<unknown> | Iterator<unknown> | undefined
  let pumping = false
  let finished = false
  let timer: NodeJS.Timeout | undefined
  const stream = new Readable({
    read() {
      if (!pumping && !finished) void pump()
    },
    destroy(error, callback) {
      if (timer) clearInterval(timer)
      const it = iterator
      iterator = undefined
      if (!finished && it?.return) {
        finished = true
        // The source may be waiting (an `await` in a generator): its `return()` settles later.
        Promise.resolve()
          .then(() => it.return!())
          .catch(() => {})
      }
      finished = true
      callback(error)
    },
  })
  // Whether nothing was sent since the last tick of the keep-alive timer.
  let quiet = true
  async function pump() {
    pumping = true
    try {
      iterator ??=
        Symbol.asyncIterator in source
          ? (source as AsyncIterable<unknown>)[Symbol.asyncIterator]()
          : (source as Iterable<unknown>)[Symbol.iterator]()
      while (!finished) {
        const it = iterator
        if (!it) return
        const next = await it.next()
        if (finished || stream.destroyed) return
        quiet = false
        if (next.done) {
          finished = true
          if (timer) clearInterval(timer)
          stream.push(null)
          return
        }
        if (!stream.push(encodeEvent(next.value))) return
      }
    } catch (error) {
      finished = true
      stream.destroy(error as Error)
    } finally {
      pumping = false
    }
  }
  if (options.retry !== undefined) stream.push(`retry: ${options.retry}\n\n`)
  if (options.keepAlive > 0) {
    timer = setInterval(() => {
      if (quiet && !finished) stream.push(': keep-alive\n\n')
      quiet = true
    }, options.keepAlive)
    // An open event stream alone does not keep the process alive.
    timer.unref()
  }
  return stream
}
