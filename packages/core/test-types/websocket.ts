// Type tests of @WebSocket() routes: the decorator takes the WebSocket options only, and the
// parameter decorators a handler may use check their parameter as on HTTP routes (@Depends gives
// the dependency's resolved type). Every `// @ts-expect-error` must stay an error.
// Run: pnpm exec tsc -p packages/core/test-types/tsconfig.json

import {
  Controller,
  Depends,
  dependency,
  header,
  Param,
  type Resolved,
  Socket,
  WebSocket,
  type WebSocketOptions,
} from '@portico/core'
import { Type } from '@sinclair/typebox'

const currentUser = dependency({ auth: header('authorization') }, ({ auth }) => ({ name: auth ?? '' }))

@Controller('/chat')
export class Chat {
  @WebSocket('/:room', { params: Type.Object({ room: Type.String() }), name: 'chat' })
  join(
    @Socket() socket: WebSocket,
    @Param('room') _room: string,
    @Depends(currentUser) user: Resolved<typeof currentUser>,
  ) {
    const name: string = user.name
    socket.on('message', (data, isBinary) => socket.send(isBinary ? data.toString() : `${name}: ${data}`))
    const open: boolean = socket.readyState === 1
    return open
  }

  @WebSocket('/typed')
  // @ts-expect-error a @Depends parameter typed otherwise than the dependency's value
  typed(@Depends(currentUser) _user: number) {}
}

const options: WebSocketOptions = {
  querystring: Type.Object({ q: Type.String() }),
  dependencies: [currentUser],
}
// @ts-expect-error a WebSocket route has no response schema (nor body, status, ...)
const withResponse: WebSocketOptions = { response: { 200: Type.String() } }
// @ts-expect-error the options object of @WebSocket() is WebSocketOptions
WebSocket('/x', { body: Type.Object({}) })

export { options, withResponse }
