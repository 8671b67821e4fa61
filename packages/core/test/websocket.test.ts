import assert from 'node:assert/strict'
import { test } from 'node:test'
import websocket from '@fastify/websocket'
import {
  Body,
  Controller,
  Depends,
  dependency,
  Get,
  Header,
  header,
  Injectable,
  Param,
  portico,
  Query,
  Req,
  type Resolved,
  Socket,
  Unauthorized,
  UseHooks,
  WebSocket,
} from '@portico/core'
import { Type } from '@sinclair/typebox'
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify'

// @WebSocket() routes in controllers, through @fastify/websocket's injectWS (a real ws client over
// an in-memory duplex, through Fastify's routing, hooks and validation of the upgrade request).

/** What a handler uses of the server-side socket (a `ws` WebSocket). */
interface Ws {
  send(data: string): void
  on(event: 'message', listener: (data: Buffer) => void): void
  close(code?: number, reason?: string): void
}

/** The client side, as injectWS gives it. */
interface Client {
  send(data: string): void
  on(event: string, listener: (...args: any[]) => void): void
  terminate(): void
}

/** A client connection: its messages in order and how it closed. */
interface Connection {
  client: Client
  next(): Promise<string>
  closed: Promise<{ code: number; reason: string }>
}

type InjectWS = (path: string, context: object, options: { onInit(ws: Client): void }) => Promise<Client>

/**
 * Connects through injectWS, listening from before the handshake ends (a first message may come in
 * the same chunk as the 101 answer).
 */
async function connect(app: FastifyInstance, url: string, headers: Record<string, string> = {}) {
  const messages: string[] = []
  const waiting: ((message: string) => void)[] = []
  let onClose: (value: { code: number; reason: string }) => void = () => {}
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    onClose = resolve
  })
  const injectWS = (app as unknown as { injectWS: InjectWS }).injectWS
  const client = await injectWS(
    url,
    { headers },
    {
      onInit(ws) {
        ws.on('message', (data: Buffer) => {
          const message = data.toString()
          const waiter = waiting.shift()
          if (waiter) waiter(message)
          else messages.push(message)
        })
        ws.on('close', (code: number, reason: Buffer) => onClose({ code, reason: reason.toString() }))
      },
    },
  )
  const next = () =>
    messages.length > 0
      ? Promise.resolve(messages.shift()!)
      : new Promise<string>((resolve) => waiting.push(resolve))
  return { client, next, closed } satisfies Connection
}

@Injectable()
class Rooms {
  readonly joined: string[] = []
  join(room: string, name: string) {
    this.joined.push(`${name}@${room}`)
    return this.joined.length
  }
}

@Controller('/ws')
class ChatController {
  constructor(readonly rooms: Rooms) {}

  @WebSocket('/rooms/:room', {
    params: Type.Object({ room: Type.String() }),
    querystring: Type.Object({ name: Type.String({ minLength: 1 }) }),
    name: 'room',
  })
  join(
    @Socket() socket: Ws,
    @Param('room') room: string,
    @Query() query: { name: string },
    @Req() request: FastifyRequest,
  ) {
    const count = this.rooms.join(room, query.name)
    socket.send(JSON.stringify({ room, name: query.name, count, url: request.url }))
    socket.on('message', (data) => socket.send(`${query.name}: ${data.toString()}`))
  }

  @Get('/joined')
  joined() {
    return this.rooms.joined
  }
}

async function appWith(t: { after(fn: () => unknown): void }, controllers: Function[]) {
  const app = Fastify()
  t.after(() => app.close())
  await app.register(portico, { controllers: controllers as never })
  await app.ready()
  return app
}

test('@WebSocket: the controller singleton handles the connection with @Socket, @Param, @Query and @Req', async (t) => {
  const app = await appWith(t, [ChatController])
  const { client, next } = await connect(app, '/ws/rooms/lobby?name=ada')
  t.after(() => client.terminate())
  assert.deepEqual(JSON.parse(await next()), {
    room: 'lobby',
    name: 'ada',
    count: 1,
    url: '/ws/rooms/lobby?name=ada',
  })
  client.send('hello')
  assert.equal(await next(), 'ada: hello')
  assert.deepEqual((await app.inject('/ws/joined')).json(), ['ada@lobby'], 'the same Rooms instance')
})

test('the upgrade request is validated first: a bad query is a 400, not a connection', async (t) => {
  const app = await appWith(t, [ChatController])
  await assert.rejects(connect(app, '/ws/rooms/lobby'), /Unexpected server response: 400/)
  await assert.rejects(connect(app, '/ws/rooms/lobby?name='), /Unexpected server response: 400/)
})

test('a plain GET to a WebSocket route is 404, and the route is hidden from documentation', async (t) => {
  const seen: { url: string; hide?: boolean; websocket?: boolean; exposeHeadRoute?: boolean }[] = []
  const app = Fastify()
  t.after(() => app.close())
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/ws/rooms')) {
      seen.push({
        url: route.url,
        hide: (route.schema as { hide?: boolean } | undefined)?.hide,
        websocket: route.config?.portico?.websocket,
        exposeHeadRoute: route.exposeHeadRoute,
      })
    }
  })
  await app.register(portico, { controllers: [ChatController] })
  assert.equal((await app.inject('/ws/rooms/lobby?name=ada')).statusCode, 404)
  assert.deepEqual(seen, [{ url: '/ws/rooms/:room', hide: true, websocket: true, exposeHeadRoute: false }])
})

test('@fastify/websocket is registered only for an app with WebSocket routes, and not twice', async (t) => {
  @Controller()
  class Plain {
    @Get('/')
    get() {
      return 'ok'
    }
  }
  const plain = await appWith(t, [Plain])
  assert.equal(plain.hasDecorator('websocketServer'), false)

  const own = Fastify()
  t.after(() => own.close())
  await own.register(websocket)
  await own.register(portico, { controllers: [ChatController] })
  await own.ready()
  assert.equal(own.server.listeners('upgrade').length, 1)
  const { client, next } = await connect(own, '/ws/rooms/a?name=bo')
  t.after(() => client.terminate())
  assert.equal(JSON.parse(await next()).name, 'bo')
})

test('WebSocket routes of an app and of contexts below it share one upgrade listener', async (t) => {
  @Controller('/echo')
  class Echo {
    @WebSocket()
    echo(@Socket() socket: Ws) {
      socket.on('message', (data) => socket.send(`echo ${data.toString()}`))
    }
  }
  const app = Fastify()
  t.after(() => app.close())
  // Two sibling contexts each register @fastify/websocket (injectWS is decorated on each).
  const contexts: FastifyInstance[] = []
  for (const prefix of ['/sub', '/other']) {
    app.register(
      async (context) => {
        contexts.push(context)
        await context.register(portico, { controllers: [Echo] })
      },
      { prefix },
    )
  }
  // The app's own registration runs after them (as createApp's, registered last).
  @Controller('/root-echo')
  class RootEcho extends Echo {}
  app.register(portico, { controllers: [RootEcho] })
  await app.ready()
  assert.equal(app.server.listeners('upgrade').length, 1)
  // Either context's injectWS goes through the one listener, which routes through the whole app.
  for (const url of ['/sub/echo', '/other/echo', '/root-echo']) {
    const { client, next } = await connect(contexts[0]!, url)
    t.after(() => client.terminate())
    client.send(url)
    assert.equal(await next(), `echo ${url}`)
  }
})

// Dependencies of the upgrade request (the dependency engine), and the route's hooks.
const currentUser = dependency(
  { authorization: header('authorization') },
  function currentUser({ authorization }) {
    if (authorization !== 'Bearer good') throw new Unauthorized('Not authenticated')
    return { name: 'ada' }
  },
)

test('dependencies resolve for the upgrade request: a failing one answers 401 instead of upgrading', async (t) => {
  const log: string[] = []
  @UseHooks({
    onRequest: async (request: FastifyRequest) => {
      log.push(`onRequest ${request.url}`)
    },
  })
  @Controller('/secure')
  class Secure {
    @WebSocket('/me')
    me(
      @Socket() socket: Ws,
      @Depends(currentUser) user: Resolved<typeof currentUser>,
      @Header('x-tag') tag: string,
    ) {
      socket.send(JSON.stringify({ user, tag }))
    }
  }
  const app = await appWith(t, [Secure])
  await assert.rejects(connect(app, '/secure/me'), /Unexpected server response: 401/)
  const { client, next } = await connect(app, '/secure/me', { authorization: 'Bearer good', 'x-tag': 't1' })
  t.after(() => client.terminate())
  assert.deepEqual(JSON.parse(await next()), { user: { name: 'ada' }, tag: 't1' })
  assert.deepEqual(log, ['onRequest /secure/me', 'onRequest /secure/me'])
})

test('an error of the handler closes the socket: 1008 with the message for a 4xx, 1011 otherwise', async (t) => {
  @Controller('/fail')
  class Failing {
    @WebSocket('/refused')
    refused() {
      throw new Unauthorized('No entry')
    }
    @WebSocket('/broken')
    async broken() {
      throw new Error('secret detail')
    }
  }
  const app = await appWith(t, [Failing])
  const refused = await connect(app, '/fail/refused')
  assert.deepEqual(await refused.closed, { code: 1008, reason: 'No entry' })
  const broken = await connect(app, '/fail/broken')
  assert.deepEqual(await broken.closed, { code: 1011, reason: 'Internal Error' })
})

test('@WebSocket misuse fails when the class is decorated, naming Class.method', () => {
  assert.throws(
    () => {
      class A {
        @WebSocket('/x')
        x(@Body() _body: unknown) {}
      }
      return A
    },
    (error: Error & { code?: string }) => {
      assert.equal(error.code, 'PORTICO_ERR_CORE_ROUTE_INVALID')
      assert.match(error.message, /A\.x: @Body\(\) cannot be used in a @WebSocket\(\) handler/)
      return true
    },
  )
  assert.throws(
    () => {
      class B {
        @WebSocket('/x', { response: {} } as never)
        x() {}
      }
      return B
    },
    (error: Error & { code?: string }) => {
      assert.equal(error.code, 'PORTICO_ERR_CORE_ROUTE_OPTION_UNKNOWN')
      assert.match(error.message, /`response` on B\.x \(known: params, querystring, headers, cookies, name/)
      return true
    },
  )
  assert.throws(() => {
    class C {
      @Get('/x')
      @WebSocket('/x')
      x() {}
    }
    return C
  }, /a method can carry one route decorator only/)
})

test('a WebSocket route and a GET route on the same path are a duplicate', async () => {
  @Controller()
  class Both {
    @Get('/live')
    get() {
      return 'http'
    }
    @WebSocket('/live')
    live() {}
  }
  const app = Fastify()
  await assert.rejects(
    async () => {
      await app.register(portico, { controllers: [Both] })
    },
    { code: 'PORTICO_ERR_CORE_ROUTE_DUPLICATE' },
  )
  await app.close().catch(() => {})
})
