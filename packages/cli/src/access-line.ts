import type { IncomingMessage, ServerResponse } from 'node:http'
import { hostname } from 'node:os'
import proxyAddr from '@fastify/proxy-addr'

// The access line, uvicorn's: one JSON line per finished request, byte for byte what pino writes for
// `log.info({ reqId, method, url, statusCode, responseTime, remoteAddress }, 'request completed')` on
// a logger with pino's defaults (level, time, pid and hostname first), built as one string. Under
// `portico run` the server writes it (request-gate.ts), from the listener it already has on every
// response: the app does no logging work for it at all. `portico`'s createApp writes the same line
// when it is not behind `portico run` (its preformatted access line).

/** The `msg` of an access line, as Fastify's own second request line has it. */
export const ACCESS_LOG_MESSAGE = 'request completed'

/**
 * Where an app records a request's id on the raw request (`IncomingMessage`), so that the server's
 * access line carries the id its `request.log` lines carry. createApp does it; a plain Fastify app
 * can with {@link recordRequestIds}. A registered symbol, so that two copies of this package agree.
 */
export const REQUEST_ID = Symbol.for('portico.requestId')

/** The fields of an access line after pino's `level`, `time`, `pid` and `hostname`, in order. */
export interface AccessLineFields {
  /** The request id (absent when the app recorded none: see {@link REQUEST_ID}). */
  reqId: string | undefined
  method: string
  /** The request target as the client sent it (root path and query kept). */
  url: string
  statusCode: number
  /** Milliseconds, to two decimals. */
  responseTime: number
  /** The client's address (the X-Forwarded-For client when the peer is a trusted proxy). */
  remoteAddress: string | undefined
}

// Printable ASCII without `"` and `\`: the JSON string is the text in quotes. Anything else (a
// control character, non-ASCII, a lone surrogate) goes through JSON.stringify, which escapes it.
const PLAIN_JSON_TEXT = /^[ !#-[\]-~]*$/

/** `JSON.stringify(value)` for a string, without its cost for the ids, methods and URLs most lines carry. */
function jsonString(value: string): string {
  return PLAIN_JSON_TEXT.test(value) ? `"${value}"` : JSON.stringify(value)
}

/**
 * `Math.round(ms * 100) / 100` as JSON writes it (`0.41`, `1.5`, `2`), from whole hundredths:
 * integers print without V8's shortest-double algorithm, which a double goes through.
 */
function hundredths(ms: number): string {
  const total = Math.round(ms * 100)
  const whole = Math.floor(total / 100)
  const rest = total - whole * 100
  if (rest === 0) return `${whole}`
  if (rest % 10 === 0) return `${whole}.${rest / 10}`
  return rest < 10 ? `${whole}.0${rest}` : `${whole}.${rest}`
}

/**
 * The formatter of access lines for this process (its pid and hostname fixed once). `method` is
 * taken as Node's parser gives it (a method token: letters and `-`, nothing JSON escapes), and
 * `remoteAddress` too when `peer` says it is the socket's (an address the OS wrote); every other
 * field is escaped as JSON needs.
 *
 * @example
 * const format = accessLineFormat()
 * format({ reqId: 'req-1', method: 'GET', url: '/api/v1/app', statusCode: 200, responseTime: 0.41, remoteAddress: '127.0.0.1' })
 * // {"level":30,"time":1733097600000,"pid":42,"hostname":"h","reqId":"req-1",...,"msg":"request completed"}\n
 */
export function accessLineFormat(): (fields: AccessLineFields, peer?: boolean) => string {
  // pino's defaults: `base: { pid, hostname }` after the level and the epoch time.
  const head = `,"pid":${process.pid},"hostname":${JSON.stringify(hostname())}`
  const tail = `,"msg":${JSON.stringify(ACCESS_LOG_MESSAGE)}}\n`
  return (fields, peer = false) => {
    const { reqId, remoteAddress } = fields
    const id = reqId === undefined ? '' : `,"reqId":${jsonString(reqId)}`
    const ip =
      remoteAddress === undefined
        ? ''
        : `,"remoteAddress":${peer ? `"${remoteAddress}"` : jsonString(remoteAddress)}`
    return `{"level":30,"time":${Date.now()}${head}${id},"method":"${fields.method}","url":${jsonString(fields.url)},"statusCode":${fields.statusCode},"responseTime":${hundredths(fields.responseTime)}${ip}${tail}`
  }
}

type Recorded = IncomingMessage & { [REQUEST_ID]?: string; originalUrl?: string }

/**
 * The server's access line writer (request-gate.ts calls it when a response has finished): the
 * client's address as Fastify's `request.ip` has it for the same `trustProxy`, the URL as the client
 * sent it (before the app's `rewriteUrl`), the id the app recorded.
 *
 * @example
 * const write = serverAccessLine(destination.stream, ['127.0.0.1'])
 * res.on('close', () => write(res.req, res, startedAt))
 */
export function serverAccessLine(
  stream: { write(line: string): unknown },
  trustProxy: true | string[],
): (req: IncomingMessage, res: ServerResponse, startedAt: number) => void {
  const format = accessLineFormat()
  const trust = trustProxy === true ? () => true : proxyAddr.compile(trustProxy)
  return (req, res, startedAt) => {
    const recorded = req as Recorded
    // proxy-addr's answer without its work when no proxy header came (the peer is the client).
    const peer = req.headers['x-forwarded-for'] === undefined
    stream.write(
      format(
        {
          reqId: recorded[REQUEST_ID],
          method: req.method ?? '',
          url: recorded.originalUrl ?? req.url ?? '',
          statusCode: res.statusCode,
          responseTime: performance.now() - startedAt,
          remoteAddress: peer ? req.socket.remoteAddress : proxyAddr(req, trust),
        },
        peer,
      ),
    )
  }
}

/** Fastify's `genReqId`: `req-1`, `req-2`, ... (base 36), wrapping before V8's small-integer limit. */
function sequentialIds(): () => string {
  let next = 0
  return () => {
    next = (next + 1) & 0x7fffffff
    return `req-${next.toString(36)}`
  }
}

/** What {@link recordRequestIds} wraps: Fastify's `genReqId` and `requestIdHeader` options. */
export interface RequestIdOptions {
  /** Fastify's `genReqId`. Default: Fastify's own (`req-1`, `req-2`, ...). */
  genReqId?: (req: IncomingMessage) => string
  /** Fastify's `requestIdHeader` (`true`: `request-id`). Default: none. */
  requestIdHeader?: string | boolean
}

/**
 * A Fastify `genReqId` that also records each id on the raw request ({@link REQUEST_ID}), for the
 * server's access line. It reads `requestIdHeader` itself (pass `requestIdHeader: false` to Fastify
 * next to it: Fastify's own header lookup would skip the recording).
 *
 * @example
 * // a plain Fastify factory under `portico run`
 * export default (runtime) =>
 *   Fastify({ logger: runtime.logger, disableRequestLogging: true, genReqId: recordRequestIds() })
 */
export function recordRequestIds(options: RequestIdOptions = {}): (req: IncomingMessage) => string {
  const generate = options.genReqId ?? sequentialIds()
  const named = options.requestIdHeader === true ? 'request-id' : options.requestIdHeader || undefined
  const header = named?.toLowerCase()
  return (req) => {
    const given = header === undefined ? undefined : req.headers[header]
    const id = typeof given === 'string' && given !== '' ? given : generate(req)
    ;(req as Recorded)[REQUEST_ID] = id
    return id
  }
}
