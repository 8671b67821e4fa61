import { Readable } from 'node:stream'
import type { FastifyReply, FastifyRequest } from 'fastify'

// The base of the response classes a handler returns (FastAPI's HTMLResponse, RedirectResponse,
// FileResponse, StreamingResponse + sse; see response-classes.ts). Each extends the web `Response`, which Fastify 5 sends as is (status,
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
export type RequestLike = Pick<FastifyRequest, 'method'> & { readonly rootPath?: string }

/** A body as Node sends it; `null` for none. */
export type NodeBody = string | Buffer | Readable | null

// The web `Response` the classes extend, looked up when the first response object is made rather
// than when core is imported: on Node 20 reading the global loads Node's fetch implementation
// (undici and its llhttp WebAssembly), about 13 MB of resident memory that an app which never
// returns a response object does not need. The base returns a real Response built for the subclass
// (`Reflect.construct` with `new.target`), so the object has Response's internal state and the
// subclass's prototype, whose chain is linked to Response.prototype at that moment.
const LazyResponse = function LazyResponse(this: unknown, body: null, init: ResponseInit): Response {
  if (Object.getPrototypeOf(LazyResponse) !== Response) {
    Object.setPrototypeOf(LazyResponse.prototype, Response.prototype)
    Object.setPrototypeOf(LazyResponse, Response)
  }
  return Reflect.construct(Response, [body, init], new.target)
} as unknown as typeof Response

/**
 * The common base: a web `Response` (what Fastify sends when core does not) that also knows how to
 * put itself on a Fastify reply. Not constructed directly.
 */
export abstract class PorticoResponse extends LazyResponse {
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

  // Fastify reads a web Response's `body` when it sends one that core did not: the Node body, as a
  // web stream, made on first read. (An accessor in the class body cannot override the property
  // `Response` declares for the compiler; the runtime getter it shadows is on Response.prototype.)
  // `this`, not the class's name: a class naming itself in its body gets its inner binding renamed
  // by the bundler (scripts/bundle.mjs), and with it its `name`.
  static {
    Object.defineProperty(this.prototype, 'body', {
      configurable: true,
      get(this: PorticoResponse) {
        return this.#webBody()
      },
    })
  }

  /** The body of the web Response, made once. */
  #webBody(): ReadableStream<Uint8Array> | null {
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

async function* lazy(body: Promise<NodeBody>): AsyncGenerator<string | Buffer> {
  const value = await body
  if (value === null) return
  if (typeof value === 'string' || Buffer.isBuffer(value)) yield value
  else yield* value as AsyncIterable<Buffer>
}

function toReadable(body: string | Buffer | Readable): Readable {
  return body instanceof Readable ? body : Readable.from([body])
}

/** A Content-Length value. */
export const byteLength = (body: string | Buffer) => String(Buffer.byteLength(body))
