import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  RouteOptions as FastifyRouteOptions,
} from 'fastify'
import { CORE_DEFAULTS } from './defaults.js'
import { PORTICO_ERR_CORE_ROUTE_INVALID, PORTICO_ERR_CORE_ROUTE_OPTION_UNKNOWN } from './errors.js'
import { keyName, ownMap, ROUTES_KEY } from './metadata.js'
import { knownKeys, unknownKey } from './option-keys.js'
import { type ParamKind, paramDecorator, paramsOf } from './params.js'
import type { RouteDefinition } from './route.js'
import type { RouteOptions } from './route-options.js'

// WebSocket routes in controllers (`@WebSocket(path)`), served by @fastify/websocket: the route is
// planned like any other (schemas, parameters, hooks, dependencies of the upgrade request), and its
// generated handler runs once the connection is upgraded, with the socket at `@Socket()`.

/**
 * Options of {@link WebSocket}: the route options that apply to an upgrade request (a GET with no
 * body and no response body). Defaults: `CORE_DEFAULTS.websocket`. Any other key fails when the
 * class is decorated (`PORTICO_ERR_CORE_ROUTE_OPTION_UNKNOWN`).
 *
 * @example
 * \@WebSocket('/rooms/:room', { params: Type.Object({ room: Type.String() }), name: 'room' })
 */
export type WebSocketOptions = Pick<
  RouteOptions,
  | 'params'
  | 'querystring'
  | 'headers'
  | 'cookies'
  | 'name'
  | 'dependencies'
  | 'config'
  | 'logLevel'
  | 'constraints'
>

/**
 * The type of a `@Socket()` parameter, under the decorator's name, so `socket: WebSocket` works with
 * `WebSocket` imported from Portico: the part of `ws`'s WebSocket (what @fastify/websocket gives)
 * handlers use most. For the whole of it, type the parameter with ws's own
 * (`import type { WebSocket as Ws } from 'ws'`).
 *
 * @example
 * \@WebSocket('/echo')
 * echo(@Socket() socket: WebSocket) { socket.on('message', (data) => socket.send(String(data))) }
 */
export interface WebSocket {
  /** 0 connecting, 1 open, 2 closing, 3 closed. */
  readonly readyState: number
  /** The subprotocol the server chose (`''` when none). */
  readonly protocol: string
  send(data: string | Buffer | ArrayBuffer | Uint8Array, callback?: (error?: Error) => void): void
  close(code?: number, reason?: string | Buffer): void
  terminate(): void
  ping(data?: string | Buffer): void
  on(event: 'message', listener: (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => void): this
  on(event: 'close', listener: (code: number, reason: Buffer) => void): this
  on(event: 'error', listener: (error: Error) => void): this
  on(event: string, listener: (...args: any[]) => void): this
  once(event: 'message', listener: (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => void): this
  once(event: 'close', listener: (code: number, reason: Buffer) => void): this
  once(event: string, listener: (...args: any[]) => void): this
  off(event: string, listener: (...args: any[]) => void): this
}

/** Where the generated handler finds the socket (`@Socket()`); Symbol.for: shared by copies. */
export const SOCKET_KEY = Symbol.for('portico.core.socket')

/** Parameter kinds that read an HTTP body or answer through the reply: none exists after an upgrade. */
const NOT_FOR_SOCKETS: ReadonlySet<ParamKind> = new Set([
  'body',
  'reply',
  'form',
  'formField',
  'file',
  'files',
])

/**
 * Declares a WebSocket route (served by @fastify/websocket, which Portico registers when some
 * controller declares one, unless the app registered it): `path` is relative to the controller
 * prefix, like `@Get`'s. The upgrade request goes through the route's hooks, validation
 * (`params`, `querystring`, `headers`, `cookies`) and dependencies before the connection is
 * upgraded (a dependency that fails answers its HTTP error, e.g. 401, instead of upgrading); then
 * the method is called with `@Socket()`, `@Req()`, `@Param()`, `@Query()`, `@Header()`,
 * `@Depends()`... An error it throws (or its promise rejects with) closes the socket: 1008 with the
 * message for a 4xx HTTP error, 1011 otherwise (logged). Not in the OpenAPI document (OpenAPI has no
 * WebSocket object); `config.portico.websocket` is `true` on the Fastify route.
 *
 * @example
 * \@Controller('/chat')
 * class ChatController {
 *   constructor(private readonly rooms: RoomsService) {}
 *   \@WebSocket('/:room', { params: Type.Object({ room: Type.String() }) })
 *   join(@Socket() socket: WebSocket, @Param('room') room: string, @Depends(currentUser) user: User) {
 *     this.rooms.join(room, user, socket)
 *     socket.on('message', (data) => this.rooms.say(room, user, String(data)))
 *   }
 * }
 */
export function WebSocket(path?: string, options?: WebSocketOptions): MethodDecorator {
  if (path !== undefined && typeof path !== 'string') {
    throw new PORTICO_ERR_CORE_ROUTE_INVALID('@WebSocket', `the path must be a string, got ${typeof path}`)
  }
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    throw new PORTICO_ERR_CORE_ROUTE_INVALID(
      `@WebSocket(${JSON.stringify(path)})`,
      'the options must be an object',
    )
  }
  return (target: object, key: string | symbol, descriptor: PropertyDescriptor): void => {
    const ctor = (target as { constructor: Function }).constructor
    const where = `${ctor.name}.${keyName(key)}`
    if (typeof target === 'function' || typeof descriptor?.value !== 'function') {
      throw new PORTICO_ERR_CORE_ROUTE_INVALID(where, '@WebSocket() applies to instance methods')
    }
    const unknown = unknownKey(options ?? {}, CORE_DEFAULTS.websocket)
    if (unknown !== undefined) {
      throw new PORTICO_ERR_CORE_ROUTE_OPTION_UNKNOWN(unknown, where, knownKeys(CORE_DEFAULTS.websocket))
    }
    const params = paramsOf(target, key)
    const misplaced = params.find((p) => NOT_FOR_SOCKETS.has(p.kind))
    if (misplaced) {
      throw new PORTICO_ERR_CORE_ROUTE_INVALID(
        where,
        `${misplaced.label} cannot be used in a @WebSocket() handler (an upgrade request has no body and the reply is the socket): use @Socket()`,
      )
    }
    const routes = ownMap<string | symbol, RouteDefinition>(ROUTES_KEY, ctor)
    if (routes.get(key)?.declaredOn === ctor) {
      throw new PORTICO_ERR_CORE_ROUTE_INVALID(where, 'a method can carry one route decorator only')
    }
    routes.set(key, {
      method: 'GET',
      path: path ?? '',
      options: (options ?? {}) as RouteOptions,
      key,
      params,
      declaredOn: ctor,
      websocket: true,
    })
  }
}

/**
 * Injects the WebSocket of a `@WebSocket()` route (a `ws` WebSocket, as @fastify/websocket gives it).
 *
 * @example
 * \@WebSocket('/echo')
 * echo(@Socket() socket: WebSocket) { socket.on('message', (data) => socket.send(data)) }
 */
export function Socket(): ParameterDecorator {
  return paramDecorator('socket', '@Socket()')
}

/** What the socket handler needs of a ws socket. */
interface ClosableSocket {
  close(code?: number, reason?: string): void
}

type RouteHandler = (request: FastifyRequest, reply: FastifyReply) => unknown

// The generated handler is given this instead of the reply, which @fastify/websocket has hijacked:
// what it would send (an empty reply, a status, a header of a scope check) has no meaning any more.
const DETACHED_REPLY = Object.freeze({
  code() {
    return this
  },
  status() {
    return this
  },
  header() {
    return this
  },
  send() {
    return this
  },
}) as unknown as FastifyReply

/** The longest close reason a WebSocket close frame carries (RFC 6455: 123 bytes). */
function closeReason(message: string): string {
  let reason = message
  while (Buffer.byteLength(reason) > 123) reason = reason.slice(0, -1)
  return reason
}

/** Closes the socket for an error of the handler: 1008 with the message for a 4xx, else 1011. */
function closeFor(socket: ClosableSocket, request: FastifyRequest, error: unknown): void {
  const status = (error as { statusCode?: unknown } | null)?.statusCode
  if (typeof status === 'number' && status >= 400 && status < 500) {
    request.log.info({ err: error }, 'websocket handler refused the connection')
    socket.close(1008, closeReason((error as Error).message ?? ''))
    return
  }
  request.log.error({ err: error }, 'websocket handler failed')
  socket.close(1011, 'Internal Error')
}

/** Cleanup hooks of generator dependencies (dependency-runtime.ts), run when the socket closes. */
export interface SocketCleanup {
  onError(request: FastifyRequest, reply: FastifyReply, error: Error, done: () => void): void
  onResponse(request: FastifyRequest, reply: FastifyReply, done: () => void): void
}

function socketHandler(handler: RouteHandler, cleanup: SocketCleanup | undefined) {
  const noop = () => {}
  return function webSocketHandler(
    this: FastifyInstance,
    socket: ClosableSocket & { once(event: 'close', listener: () => void): void },
    request: FastifyRequest,
  ): void {
    ;(request as unknown as Record<symbol, unknown>)[SOCKET_KEY] = socket
    // A dependency's cleanup (code after its `yield`) runs when the connection ends.
    if (cleanup) socket.once('close', () => cleanup.onResponse(request, DETACHED_REPLY, noop))
    const fail = (error: unknown) => {
      cleanup?.onError(request, DETACHED_REPLY, error as Error, noop)
      closeFor(socket, request, error)
    }
    let result: unknown
    try {
      result = handler.call(this, request, DETACHED_REPLY)
    } catch (error) {
      fail(error)
      return
    }
    if (result !== null && typeof (result as Promise<unknown> | undefined)?.then === 'function') {
      ;(result as Promise<unknown>).then(undefined, fail)
    }
  }
}

/**
 * Turns the Fastify route options of a `@WebSocket()` route into @fastify/websocket's: its
 * generated `handler` runs on the upgraded connection, the route is left out of the OpenAPI
 * document (and gets no HEAD route), and `config.portico.websocket` says what it is (for
 * `portico routes` and root-path's `absoluteUrlFor`, which gives it a ws:// or wss:// URL).
 */
export function asWebSocketRoute(
  routeOptions: FastifyRouteOptions,
  handler: RouteHandler,
  cleanup?: SocketCleanup,
): void {
  const options = routeOptions as FastifyRouteOptions & { websocket?: boolean }
  options.websocket = true
  options.handler = socketHandler(handler, cleanup) as unknown as FastifyRouteOptions['handler']
  options.schema = { ...options.schema, hide: true } as FastifyRouteOptions['schema']
  options.exposeHeadRoute = false
  const portico = (options.config as { portico?: Record<string, unknown> } | undefined)?.portico
  if (portico !== undefined) portico.websocket = true
}

/**
 * Registers @fastify/websocket on `fastify` (loaded only now, so apps without WebSocket routes
 * never load it), unless it is registered already in this context or above. One server has one
 * upgrade listener: when another context (a sibling mount) registered the plugin first, the
 * listener this registration adds is removed again (the first one routes every upgrade request
 * through the whole app, and each context's route wrapper upgrades its own routes).
 *
 * @example
 * if (planned.some((route) => route.definition.websocket)) await registerWebSocketPlugin(fastify)
 */
export async function registerWebSocketPlugin(fastify: FastifyInstance): Promise<void> {
  if (fastify.hasDecorator('websocketServer')) return
  const server = fastify.server
  const before = server.listeners('upgrade')
  const { default: websocket } = await import('@fastify/websocket')
  await fastify.register(websocket)
  if (!before.some((listener) => listener.name === 'onUpgrade')) return
  for (const listener of server.listeners('upgrade')) {
    if (!before.includes(listener)) server.removeListener('upgrade', listener as (...args: unknown[]) => void)
  }
}
