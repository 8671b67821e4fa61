import type { Readable } from 'node:stream'
import { type Static, type TSchema, type TUnsafe, Type } from '@sinclair/typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { CORE_DEFAULTS } from './defaults.js'
import { checkResponseOptions } from './response-checks.js'
import {
  type EventStream,
  type FileResponse,
  type HtmlResponse,
  type RedirectResponse,
  SEND_RESPONSE,
  type TextResponse,
} from './response-classes.js'

// Response declarations by media type (FastAPI's `response_class` and `responses={200: {"content":
// ...}}`), for the `response` route option. Each is a content map `{ content: { <media type>: schema
// } }` whose schemas document the body and, for TypeScript, say what the handler may return (a
// TUnsafe's static type: `string | HtmlResponse` for html()). Core hands Fastify the map in its own
// form (`{ content: { <type>: { schema } } }`), which serializes per media type and which
// @fastify/swagger documents under the status.

/**
 * A response entry declaring its media types: schemas by media type, plus a description and
 * response headers for the document.
 *
 * @example
 * const csv: ContentResponse = { content: { 'text/csv': Type.String() }, description: 'The books as CSV' }
 */
export interface ContentResponse<C extends Record<string, TSchema> = Record<string, TSchema>> {
  /** Body schema by media type, e.g. `{ 'application/json': Book, 'text/csv': Type.String() }`. */
  content: C
  /** The response's description in the document. Default: "Successful Response" for 2xx, else the status text. */
  description?: string
  /** Response headers, documented (not validated), e.g. `{ 'x-total': Type.Integer() }`. Default: none. */
  headers?: Record<string, TSchema>
}

/**
 * Options of the declaration helpers.
 *
 * @example
 * html({ description: 'The home page' })
 */
export interface MediaOptions {
  /** The response's description in the document. Default: "Successful Response" for 2xx, else the status text. */
  description?: string
}

/** A body a stream() / file() route may return: what Fastify sends as bytes. */
export type BinaryBody = Readable | ReadableStream | Buffer | Uint8Array | string

function described<T extends object>(entry: T, options: MediaOptions | undefined, what: string): T {
  checkResponseOptions(options, CORE_DEFAULTS.media, what)
  return options?.description === undefined ? entry : { ...entry, description: options.description }
}

/**
 * An HTML response: documented as `text/html`; the handler returns a string (sent as
 * `text/html; charset=utf-8`) or an {@link HtmlResponse}.
 *
 * @example
 * \@Get('/', { response: { 200: html() } })
 * home() { return '<h1>Bookshelf</h1>' }
 */
export function html(
  options?: MediaOptions,
): ContentResponse<{ 'text/html': TUnsafe<string | HtmlResponse> }> {
  return described(
    { content: { 'text/html': Type.Unsafe<string | HtmlResponse>({ type: 'string' }) } },
    options,
    'html()',
  )
}

/**
 * A plain text response: documented as `text/plain`; the handler returns a string or a {@link TextResponse}.
 *
 * @example
 * \@Get('/health', { response: { 200: text() } })
 * health() { return 'ok' }
 */
export function text(
  options?: MediaOptions,
): ContentResponse<{ 'text/plain': TUnsafe<string | TextResponse> }> {
  return described(
    { content: { 'text/plain': Type.Unsafe<string | TextResponse>({ type: 'string' }) } },
    options,
    'text()',
  )
}

/**
 * A streamed body of `mediaType` (default `application/octet-stream`), documented as binary; the
 * handler returns a Node stream, web stream, Buffer or string (sent with that content type), or a
 * {@link FileResponse}.
 *
 * @example
 * \@Get('/export', { response: { 200: stream('application/x-ndjson') } })
 * export() { return Readable.from(this.books.lines()) }
 */
export function stream<M extends string = 'application/octet-stream'>(
  mediaType?: M,
  options?: MediaOptions,
): ContentResponse<{ [K in M]: TUnsafe<BinaryBody | FileResponse> }> {
  const type = mediaType ?? 'application/octet-stream'
  const content = { [type]: Type.Unsafe<BinaryBody | FileResponse>({ type: 'string', format: 'binary' }) }
  return described({ content }, options, 'stream()') as ContentResponse<{
    [K in M]: TUnsafe<BinaryBody | FileResponse>
  }>
}

/**
 * A file of `mediaType` (default `application/octet-stream`), documented as binary; the handler
 * returns a {@link FileResponse} (a path or a Buffer, with a download name), or the bytes.
 *
 * @example
 * \@Get('/:id/cover', { params: ById, response: { 200: file('image/png') } })
 * cover(@Param('id') id: string) { return new FileResponse(this.covers.path(id), { type: 'image/png' }) }
 */
export function file<M extends string = 'application/octet-stream'>(
  mediaType?: M,
  options?: MediaOptions,
): ContentResponse<{ [K in M]: TUnsafe<FileResponse | BinaryBody> }> {
  return stream(mediaType, options) as ContentResponse<{ [K in M]: TUnsafe<FileResponse | BinaryBody> }>
}

/**
 * Server-sent events: documented as `text/event-stream` (the event schema, when given, under the
 * schema's `x-portico-event`; OpenAPI 3.1 has no item schema); the handler returns an
 * {@link EventStream} of such events.
 *
 * @example
 * \@Get('/ticks', { response: { 200: sse(Tick) } })
 * ticks() { return new EventStream(this.clock.ticks()) }
 */
export function sse<E extends TSchema = TUnsafe<unknown>>(
  event?: E,
  options?: MediaOptions,
): ContentResponse<{ 'text/event-stream': TUnsafe<EventStream<Static<E>>> }> {
  const schema: Record<string, unknown> = {
    type: 'string',
    description: 'A stream of server-sent events; each `data:` field is the JSON of one event',
  }
  if (event !== undefined) schema['x-portico-event'] = event
  return described(
    { content: { 'text/event-stream': Type.Unsafe<EventStream<Static<E>>>(schema) } },
    options,
    'sse()',
  )
}

/** What {@link redirect} declares: no body, a `Location` header. */
export type RedirectDeclaration = TUnsafe<RedirectResponse> & {
  description?: string
  headers: { location: TSchema }
}

/**
 * A redirect: the status documented with its `Location` header and no body; the handler returns a
 * {@link RedirectResponse} (which keeps the root path for an app path).
 *
 * @example
 * \@Get('/old', { response: { 308: redirect() } })
 * old() { return new RedirectResponse('/new', 308) }
 */
export function redirect(options?: MediaOptions): RedirectDeclaration {
  const location = Type.String({ format: 'uri-reference', description: 'Where to go instead' })
  return described(
    Object.assign(Type.Unsafe<RedirectResponse>({ type: 'null' }), { headers: { location } }),
    options,
    'redirect()',
  ) as RedirectDeclaration
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value)

/** Whether a response entry is a content map (the form above, or Fastify's own). */
export function isContentResponse(entry: unknown): entry is { content: Record<string, unknown> } {
  return isObject(entry) && isObject(entry.content) && entry.$id === undefined && entry.type === undefined
}

/** A media type entry already in Fastify's form: `{ schema, example?, examples?, encoding? }`. */
const MEDIA_KEYS = new Set(['schema', 'example', 'examples', 'encoding'])
const isMediaObject = (value: unknown) =>
  isObject(value) && 'schema' in value && Object.keys(value).every((k) => MEDIA_KEYS.has(k))

/**
 * The `response` route option in Fastify's form: content maps get `{ schema }` per media type, other
 * entries are kept. The same object when nothing changes.
 *
 * @example
 * fastifyResponses({ 200: html() }) // { 200: { content: { 'text/html': { schema: { type: 'string' } } } } }
 */
export function fastifyResponses<R extends Record<string, unknown> | undefined>(response: R): R {
  if (!isObject(response)) return response
  let changed = false
  const out: Record<string, unknown> = {}
  for (const [status, entry] of Object.entries(response)) {
    if (isContentResponse(entry) && !Object.values(entry.content).every(isMediaObject)) {
      const content: Record<string, unknown> = {}
      for (const [type, schema] of Object.entries(entry.content)) {
        content[type] = isMediaObject(schema) ? schema : { schema }
      }
      out[status] = { ...entry, content }
      changed = true
    } else {
      out[status] = entry
    }
  }
  return (changed ? out : response) as R
}

type RouteHandler = (request: FastifyRequest, reply: FastifyReply) => unknown

/** The content type a bare body defaults to: the one non-JSON media type of the success status. */
function defaultType(response: Record<string, unknown>, status: number | undefined): string | undefined {
  const code = String(status ?? 200)
  const entry = response[code] ?? response[`${code[0]}xx`]
  if (!isContentResponse(entry)) return undefined
  const types = Object.keys(entry.content)
  const type = types[0]
  // JSON (application/json, application/problem+json) is Fastify's own default; ndjson is not JSON.
  if (types.length !== 1 || type === undefined || /^application\/(?:[\w.-]+\+)?json(?:;|$)/i.test(type))
    return undefined
  return type.startsWith('text/') && !type.includes('charset') ? `${type}; charset=utf-8` : type
}

const isBareBody = (value: unknown) =>
  typeof value === 'string' ||
  value instanceof Uint8Array ||
  (isObject(value) && (typeof value.pipe === 'function' || typeof value.getReader === 'function'))

function adapt(
  result: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
  type: string | undefined,
): unknown {
  const send = isObject(result) ? (result as { [SEND_RESPONSE]?: unknown })[SEND_RESPONSE] : undefined
  if (typeof send === 'function') return send.call(result, request, reply)
  if (type !== undefined && isBareBody(result) && !reply.hasHeader('content-type')) reply.type(type)
  return result
}

/**
 * The handler of a route whose `response` declares media types: `handler` itself when it declares
 * none (nothing added to other routes), else a wrapper that sends a returned response object through
 * the reply (status and headers before the onSend hooks, the root path kept by redirects) and gives
 * a returned string, Buffer or stream the success status's one non-JSON media type.
 */
export function withResponses(
  handler: RouteHandler,
  response: Record<string | number, unknown> | undefined,
  status: number | undefined,
): RouteHandler {
  if (!isObject(response)) return handler
  const entries = Object.values(response)
  const declares = entries.some((e) => isContentResponse(e) || (isObject(e) && isObject(e.headers)))
  if (!declares) return handler
  const type = defaultType(response, status)
  return function respond(request, reply) {
    const result = handler(request, reply)
    if (isObject(result) && typeof result.then === 'function') {
      return (result as unknown as Promise<unknown>).then((value) => adapt(value, request, reply, type))
    }
    return adapt(result, request, reply, type)
  }
}
