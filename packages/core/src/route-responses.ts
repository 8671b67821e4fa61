import type { FastifyReply, FastifyRequest } from 'fastify'
import { SEND_RESPONSE } from './response-base.js'

// What core does with a route's media type declarations (responses.ts): hands Fastify the content
// maps in its own form, and wraps the handler of a route that declares one so that a returned
// response object is sent through the reply and a bare body gets the declared content type. Routes
// that declare none keep their handler as generated.

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
  // Usually nothing changes (JSON schemas by status): no copy is made until an entry needs one.
  let out: Record<string, unknown> | undefined
  for (const status in response) {
    if (!Object.hasOwn(response, status)) continue
    const entry = response[status]
    if (!isContentResponse(entry) || Object.values(entry.content).every(isMediaObject)) continue
    const content: Record<string, unknown> = {}
    for (const [type, schema] of Object.entries(entry.content)) {
      content[type] = isMediaObject(schema) ? schema : { schema }
    }
    out ??= { ...response }
    out[status] = { ...entry, content }
  }
  return (out ?? response) as R
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
