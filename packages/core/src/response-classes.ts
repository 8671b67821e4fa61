import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { Readable } from 'node:stream'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { contentDisposition } from './content-disposition.js'
import { CORE_DEFAULTS } from './defaults.js'
import { PORTICO_ERR_CORE_RESPONSE_INVALID } from './errors.js'
import { checkNonNegative, checkResponseOptions, checkStatus } from './response-checks.js'
import { ServerSentEvent, type SseFields, sseReadable } from './sse.js'

// The response classes a handler returns (FastAPI's HTMLResponse, RedirectResponse, FileResponse,
// StreamingResponse + sse). Each extends the web `Response`, which Fastify 5 sends as is (status,
// headers, body), so one works from any route. On a route that declares a media type response
// (html(), redirect(), ... in `response`), core sends it itself instead, through `[SEND_RESPONSE]`:
// the status and headers go on the reply before the onSend hooks run (so @portico/root-path's
// Location guard and @fastify/compress see them), a redirect keeps the request's root path, and the
// body is a Node string or stream (a known Content-Length, no web-stream copy).

/** The key of the method core calls to send a response object (shared by every copy of core). */
export const SEND_RESPONSE: unique symbol = Symbol.for('portico.core.response.send') as never

/** Status and headers every response class accepts. */
export interface ResponseOptions {
  /** Status code. Default: the route's (its `status` option, else 200); 307 for {@link RedirectResponse}. */
  status?: number
  /** Extra headers (lower- or mixed-case names). Default: none. */
  headers?: Record<string, string>
}

/** What a request carries that a response needs: the root path set by @portico/root-path, if any. */
type RequestLike = Pick<FastifyRequest, 'method'> & { readonly rootPath?: string }

type NodeBody = string | Buffer | Readable | null

/**
 * The common base: a web `Response` (what Fastify sends when core does not) that also knows how to
 * put itself on a Fastify reply. Not constructed directly.
 */
export abstract class PorticoResponse extends Response {
  readonly #status: number | undefined
  readonly #headers: Record<string, string>
  #web: ReadableStream<Uint8Array> | null | undefined

  /** `status` undefined: the route's (`status` option or `reply.code()`), 200 as a web Response. */
  protected constructor(
    status: number | undefined,
    headers: Record<string, string>,
    webHeaders?: Record<string, string>,
  ) {
    super(null, { status: status ?? 200, headers: { ...headers, ...webHeaders } })
    this.#status = status
    this.#headers = headers
  }

  /** The body as Node sends it, made when the response is sent (`request` undefined: by Fastify, as a web Response). */
  protected abstract nodeBody(request: RequestLike | undefined): NodeBody | Promise<NodeBody>

  /** Headers that depend on the request (a redirect's Location). */
  protected requestHeaders(_request: RequestLike): Record<string, string> | undefined {
    return undefined
  }

  /** The body of the web Response (see below), made once. */
  webBody(): ReadableStream<Uint8Array> | null {
    if (this.#web !== undefined) return this.#web
    const body = this.nodeBody(undefined)
    if (body === null) this.#web = null
    else {
      const node = body instanceof Promise ? Readable.from(lazy(body)) : toReadable(body)
      this.#web = Readable.toWeb(node) as unknown as ReadableStream<Uint8Array>
    }
    return this.#web
  }

  /**
   * Puts the status and headers on `reply` and returns the payload for Fastify to send (a string,
   * Buffer or stream), or sends an empty reply and returns `undefined`.
   */
  async [SEND_RESPONSE](request: RequestLike, reply: FastifyReply): Promise<NodeBody | undefined> {
    const body = await this.nodeBody(request)
    if (this.#status !== undefined) reply.code(this.#status)
    reply.headers(this.#headers)
    const extra = this.requestHeaders(request)
    if (extra) reply.headers(extra)
    if (body === null) {
      reply.send()
      return undefined
    }
    return body
  }
}

// Fastify reads a web Response's `body` when it sends one that core did not: the Node body, as a
// web stream, made on first read. (An accessor in the class body cannot override the property
// `Response` declares for the compiler; the runtime getter it shadows is on Response.prototype.)
Object.defineProperty(PorticoResponse.prototype, 'body', {
  configurable: true,
  get(this: PorticoResponse) {
    return this.webBody()
  },
})

async function* lazy(body: Promise<NodeBody>): AsyncGenerator<string | Buffer> {
  const value = await body
  if (value === null) return
  if (typeof value === 'string' || Buffer.isBuffer(value)) yield value
  else yield* value as AsyncIterable<Buffer>
}

function toReadable(body: string | Buffer | Readable): Readable {
  return body instanceof Readable ? body : Readable.from([body])
}

const utf8Length = (body: string | Buffer) => String(Buffer.byteLength(body))

/**
 * An HTML page (`text/html; charset=utf-8`).
 *
 * @example
 * \@Get('/', { response: { 200: html() } })
 * page() { return new HtmlResponse('<h1>Books</h1>') }
 */
export class HtmlResponse extends PorticoResponse {
  constructor(
    readonly content: string,
    init: ResponseOptions = {},
  ) {
    checkResponseOptions(init, CORE_DEFAULTS.response, 'HtmlResponse')
    checkStatus(init.status, 'HtmlResponse')
    const headers = { 'content-type': 'text/html; charset=utf-8', ...init.headers }
    super(init.status, headers, { 'content-length': utf8Length(content) })
  }
  protected nodeBody(): string {
    return this.content
  }
}

/**
 * Plain text (`text/plain; charset=utf-8`).
 *
 * @example
 * \@Get('/health', { response: { 200: text() } })
 * health() { return new TextResponse('ok') }
 */
export class TextResponse extends PorticoResponse {
  constructor(
    readonly content: string,
    init: ResponseOptions = {},
  ) {
    checkResponseOptions(init, CORE_DEFAULTS.response, 'TextResponse')
    checkStatus(init.status, 'TextResponse')
    const headers = { 'content-type': 'text/plain; charset=utf-8', ...init.headers }
    super(init.status, headers, { 'content-length': utf8Length(content) })
  }
  protected nodeBody(): string {
    return this.content
  }
}

/**
 * A redirect (default 307, as FastAPI). A target starting with one `/` is a path of the app: on a
 * route that declares `redirect()`, core sends it under the request's root path (`/books/1` behind
 * `/api/v1` is `/api/v1/books/1`); a relative (`../x`), absolute or `//host` target is sent as given
 * (and @portico/root-path's Location guard still applies). A path that already includes the root
 * path (from `request.urlFor`) goes through `reply.redirect()` instead.
 *
 * @example
 * \@Post('/', { body: NewBook, response: { 303: redirect() } })
 * create(@Body() book: NewBook) { return new RedirectResponse(`/books/${this.books.add(book)}`, 303) }
 */
export class RedirectResponse extends PorticoResponse {
  constructor(
    /** The target: an app path (`/books/1`), a relative reference or an absolute URL. */
    readonly target: string,
    status = 307,
    init: Omit<ResponseOptions, 'status'> = {},
  ) {
    checkResponseOptions(init, CORE_DEFAULTS.redirectResponse, 'RedirectResponse')
    checkStatus(status, 'RedirectResponse', 300, 399)
    if (typeof target !== 'string') {
      throw new PORTICO_ERR_CORE_RESPONSE_INVALID(
        'RedirectResponse',
        `the target must be a string, got ${typeof target}`,
      )
    }
    super(status, { ...init.headers }, { location: target })
  }
  protected nodeBody(): null {
    return null
  }
  protected override requestHeaders(request: RequestLike): Record<string, string> {
    const url = this.target
    const appPath = url.startsWith('/') && url[1] !== '/' && url[1] !== '\\'
    const root = typeof request.rootPath === 'string' ? request.rootPath : ''
    return { location: appPath ? `${root}${url}` : url }
  }
}

/**
 * Options of a {@link FileResponse}.
 *
 * @example
 * const options: FileResponseOptions = { type: 'application/pdf', filename: 'report.pdf' }
 */
export interface FileResponseOptions extends ResponseOptions {
  /** The media type (`Content-Type`). Required: the file's name says nothing to core. */
  type: string
  /** The name a browser saves it under (`Content-Disposition`, RFC 6266 encoded). Default: none. */
  filename?: string
  /** `attachment` (a download) or `inline` (shown). Default: `attachment` when `filename` is set, else no header. */
  disposition?: 'attachment' | 'inline'
}

/**
 * A file from a path (streamed, with its Content-Length) or from memory, with its media type and an
 * optional download name (`Content-Disposition`, safe for any name: no header injection).
 *
 * @example
 * \@Get('/cover', { response: { 200: file('image/png') } })
 * cover() { return new FileResponse('/srv/covers/1.png', { type: 'image/png', filename: 'cover.png' }) }
 */
export class FileResponse extends PorticoResponse {
  constructor(
    readonly source: string | Buffer,
    options: FileResponseOptions,
  ) {
    checkResponseOptions(options, CORE_DEFAULTS.fileResponse, 'FileResponse')
    checkStatus(options?.status, 'FileResponse')
    if (typeof options?.type !== 'string' || options.type === '') {
      throw new PORTICO_ERR_CORE_RESPONSE_INVALID('FileResponse', '`type` (the media type) is required')
    }
    if (typeof source !== 'string' && !Buffer.isBuffer(source)) {
      throw new PORTICO_ERR_CORE_RESPONSE_INVALID('FileResponse', 'the source must be a path or a Buffer')
    }
    const headers: Record<string, string> = { 'content-type': options.type }
    const disposition = options.disposition ?? (options.filename === undefined ? undefined : 'attachment')
    if (disposition !== undefined)
      headers['content-disposition'] = contentDisposition(options.filename, disposition)
    Object.assign(headers, options.headers)
    super(options.status, headers, Buffer.isBuffer(source) ? { 'content-length': utf8Length(source) } : {})
  }
  protected nodeBody(request: RequestLike | undefined): Buffer | Readable | Promise<Readable> {
    if (Buffer.isBuffer(this.source)) return this.source
    // Sent as a web Response (no request), it streams without a length; core stats the file first.
    if (request === undefined) return createReadStream(this.source)
    return this.#sized(this.source)
  }
  async #sized(path: string): Promise<Readable> {
    const info = await stat(path)
    const stream = createReadStream(path)
    ;(stream as Readable & { size?: number }).size = info.size
    return stream
  }
  override async [SEND_RESPONSE](request: RequestLike, reply: FastifyReply): Promise<NodeBody | undefined> {
    const body = await super[SEND_RESPONSE](request, reply)
    const size = (body as { size?: number } | undefined)?.size
    if (typeof size === 'number') reply.header('content-length', String(size))
    return body
  }
}

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
    if (
      typeof iterable?.[Symbol.asyncIterator] !== 'function' &&
      typeof iterable?.[Symbol.iterator] !== 'function'
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

export { ServerSentEvent, type SseFields }
