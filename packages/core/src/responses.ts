import type { Readable } from 'node:stream'
import { type Static, type TSchema, type TUnsafe, Type } from '@sinclair/typebox'
import { CORE_DEFAULTS } from './defaults.js'
import { checkResponseOptions } from './response-checks.js'
import type {
  EventStream,
  FileResponse,
  HtmlResponse,
  RedirectResponse,
  TextResponse,
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

// How routes send what these declare (Fastify's form of the map, the handler wrapper): route-responses.ts.
export { fastifyResponses, isContentResponse, withResponses } from './route-responses.js'
