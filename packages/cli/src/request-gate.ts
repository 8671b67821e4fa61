import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import { Server as NetServer, type Socket } from 'node:net'
import { Server as TlsServer } from 'node:tls'

// The request gate sits in front of Fastify's request handler on the app's HTTP server. It knows
// every connection and the requests in progress on each, which gives `portico run`:
// - `--limit-concurrency`: past N requests in progress, new ones get a 503 before the app sees them;
// - `--body-limit`: a body whose Content-Length is over the limit gets a 413 before the app sees it;
// - a drain that loses nothing already sent (see `drain`);
// - the access line of every finished response, from the listener the above already needs.

/** Limits the gate enforces (0 / absent for none). */
export interface GateLimits {
  concurrency: number
  bodyLimit?: number
}

/** Writes the access line of a finished response (access-line.ts), `startedAt` from `performance.now()`. */
export type AccessLineWriter = (req: IncomingMessage, res: ServerResponse, startedAt: number) => void

interface Connection {
  /** The gate that tracks it (a response's close listener reaches the gate through it). */
  gate: RequestGate
  /**
   * The responses on it that have not closed, oldest first (HTTP/1 answers in order: one, or a few
   * with pipelining). An array per connection rather than a set for the whole server: no hashing of
   * every response object.
   */
  responses: ServerResponse[]
  /** When its last response finished (or it was accepted), for the idle grace. */
  idleSince: number
  /**
   * `socket.bytesRead` when a drain's sweep last looked (-1: not yet): bytes arriving mean a request
   * is on its way. Read by the sweeps only: reading it costs a call into Node's C++ that every
   * response would otherwise pay.
   */
  bytesRead: number
}

type RequestListener = (req: IncomingMessage, res: ServerResponse) => void

/** Where a response keeps its connection's record, for {@link responseClosed}. */
const CONNECTION = Symbol('portico.cli.gate.connection')
/** Where a socket keeps its connection's record (a property read per request, not a map lookup). */
const RECORD = Symbol('portico.cli.gate.record')
type GatedSocket = Socket & { [RECORD]?: Connection }
/** When the gate received the request (`performance.now()`), for the access line's duration. */
const STARTED = Symbol('portico.cli.gate.started')
type GatedResponse = ServerResponse & { [CONNECTION]: Connection; [STARTED]: number }

// One listener function for every response (no closure per request): it finds its connection's
// record on the response itself.
function responseClosed(this: GatedResponse): void {
  const connection = this[CONNECTION]
  const { responses } = connection
  if (responses[0] === this) responses.shift()
  else responses.splice(responses.indexOf(this), 1)
  connection.gate.finished()
  connection.idleSince = Date.now()
  // A response that finished, not one the client gave up on (Fastify logs no line for those either).
  const accessLine = connection.gate.accessLine
  if (accessLine !== undefined && this.writableFinished) accessLine(this.req, this, this[STARTED])
}

/** A JSON answer the gate gives in the app's place, serialised once (it is what an overloaded server sends most). */
const answer = (status: number, body: object, headers: Record<string, string>) => {
  const text = JSON.stringify(body)
  const head = {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  }
  return (res: ServerResponse) => {
    res.writeHead(status, head)
    res.end(text)
  }
}

// The body, if any, is read and discarded by Node once the response is done, so the connection stays
// usable (closing it with unread data could reset the 503 away before the client reads it).
const tooManyRequests = answer(
  503,
  { statusCode: 503, error: 'Service Unavailable', message: 'Too many requests in progress; retry later' },
  { 'retry-after': '1' },
)

// Fastify's own answer for a body over its limit; the connection is closed rather than read to the
// end of a body the app will never see.
const bodyTooLarge = answer(
  413,
  {
    statusCode: 413,
    code: 'FST_ERR_CTP_BODY_TOO_LARGE',
    error: 'Payload Too Large',
    message: 'Request body is too large',
  },
  { connection: 'close' },
)

/** `Connection: close` on an HTTP/1 response (HTTP/2 forbids the header: its sessions close as a whole). */
const closeAfter = (res: ServerResponse) => {
  if (res.req.httpVersionMajor < 2) res.setHeader('connection', 'close')
}

/** How long `drain` keeps a connection that is idle but was busy a moment ago (see `drain`). */
export const DRAIN_IDLE_GRACE_MS = 1000

/**
 * Installs itself on an HTTP/1 server (http or https) that is not listening yet.
 *
 * @example
 * const gate = new RequestGate(app.server, { concurrency: 100 })
 * await app.listen({ port: 8000 })
 * // on SIGTERM:
 * await gate.drain()
 * await app.close()
 */
export class RequestGate {
  private readonly connections = new Map<Socket, Connection>()
  /** Responses not closed yet, on every connection (`--limit-concurrency` counts them). */
  private inFlight = 0
  private draining = false
  private drained: Promise<void> | undefined

  /**
   * @param accessLine writes each finished response's access line (`portico run`'s access log: the
   *   gate already listens for the end of every response, so the app need not).
   */
  constructor(
    private readonly server: Server,
    private readonly limits: GateLimits,
    readonly accessLine?: AccessLineWriter,
  ) {
    // https hands the request the TLS socket, emitted as 'secureConnection'; 'connection' is the raw one.
    const event = server instanceof TlsServer ? 'secureConnection' : 'connection'
    server.on(event, (socket: Socket) => this.track(socket))
    const handlers = server.listeners('request') as RequestListener[]
    server.removeAllListeners('request')
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      if (this.admit(req, res)) for (const handler of handlers) handler.call(server, req, res)
    })
  }

  private track(socket: GatedSocket): Connection {
    const connection: Connection = { gate: this, responses: [], idleSince: Date.now(), bytesRead: -1 }
    socket[RECORD] = connection
    this.connections.set(socket, connection)
    socket.once('close', () => this.connections.delete(socket))
    return connection
  }

  /** A response has closed (called by {@link responseClosed}). */
  finished(): void {
    this.inFlight--
  }

  private admit(req: IncomingMessage, res: ServerResponse): boolean {
    // A socket the gate did not see connect (none on an HTTP/1 server) is tracked from its first request.
    const socket = req.socket as GatedSocket
    const connection = socket[RECORD] ?? this.track(socket)
    connection.responses.push(res)
    this.inFlight++
    ;(res as GatedResponse)[CONNECTION] = connection
    if (this.accessLine !== undefined) (res as GatedResponse)[STARTED] = performance.now()
    res.on('close', responseClosed)
    if (this.draining) closeAfter(res)
    if (this.limits.concurrency > 0 && this.inFlight > this.limits.concurrency) {
      tooManyRequests(res)
      return false
    }
    const { bodyLimit } = this.limits
    if (bodyLimit !== undefined && Number(req.headers['content-length']) > bodyLimit) {
      bodyTooLarge(res)
      return false
    }
    return true
  }

  /**
   * Stops accepting connections and resolves once every HTTP connection has closed, without
   * resetting a request a client has already sent:
   * - the listening socket is closed (net's close, not http's, which would also close every idle
   *   connection at once: a client may be sending its next request on one at that very moment, and
   *   that request is lost with ECONNRESET);
   * - every response from now on, and those in progress whose headers are not sent yet, carries
   *   `Connection: close`, so clients open no further request on them and Node closes them after it;
   * - a connection with nothing in progress is closed once it has been idle (no response finishing,
   *   no byte arriving) for DRAIN_IDLE_GRACE_MS: a busy client sends its next request well within that
   *   and gets it answered with `Connection: close`; one idle longer is closed as the keep-alive timeout
   *   would have closed it. Bytes are counted from the drain's first sweep on, so an idle connection
   *   is closed at the second sweep at the earliest (100 ms later), after one look for bytes arriving;
   * - upgraded connections (WebSocket) are the app's own to close (its onClose hooks).
   * The app itself (`app.close()`: onClose hooks) is closed afterwards by the caller.
   */
  drain(idleGraceMs = DRAIN_IDLE_GRACE_MS): Promise<void> {
    this.drained ??= new Promise<void>((resolve) => {
      this.draining = true
      if (this.server.listening) NetServer.prototype.close.call(this.server)
      for (const connection of this.connections.values()) {
        for (const res of connection.responses) if (!res.headersSent) closeAfter(res)
      }
      const sweep = () => {
        const now = Date.now()
        for (const [socket, connection] of this.connections) {
          // Node frees the parser of an upgraded socket: from then on it is not an HTTP connection.
          if ((socket as Socket & { parser?: unknown }).parser == null) {
            this.connections.delete(socket)
            continue
          }
          if (connection.responses.length > 0) continue
          const read = socket.bytesRead
          if (connection.bytesRead === -1) {
            // First look: what has arrived so far is the baseline; the next sweep tells what came since.
            connection.bytesRead = read
            continue
          }
          if (read !== connection.bytesRead) {
            connection.bytesRead = read
            connection.idleSince = now
            continue
          }
          if (now - connection.idleSince >= idleGraceMs) socket.destroy()
        }
        if (this.connections.size === 0) {
          clearInterval(timer)
          resolve()
        }
      }
      const timer = setInterval(sweep, Math.min(100, idleGraceMs))
      sweep()
    })
    return this.drained
  }
}
