import WebSocket from 'ws'

/** What a WebSocket round trip saw: the server's first message, and its answer to ours. */
export interface WebSocketRoundTrip {
  /** The first message the server sent after the upgrade (parsed as JSON). */
  hello: any
  /** The server's answer to the message we sent. */
  reply: string
}

/**
 * Opens a WebSocket to `url` (ws://...), waits for the server's first message, sends `message`,
 * waits for the next one, and closes. Bounded by `timeoutMs`; a refused upgrade rejects with the
 * HTTP status and body the server (or the proxy) answered instead.
 */
export function webSocketRoundTrip(
  url: string,
  message: string,
  timeoutMs = 10_000,
): Promise<WebSocketRoundTrip> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { handshakeTimeout: timeoutMs })
    const received: string[] = []
    let settled = false
    const timer = setTimeout(
      () => fail(new Error(`WebSocket ${url}: no answer after ${timeoutMs} ms`)),
      timeoutMs,
    )
    function fail(error: Error): void {
      if (settled) return
      settled = true
      clearTimeout(timer)
      socket.terminate()
      reject(error)
    }
    socket.on('unexpected-response', (_req, res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        body += chunk
      })
      res.on('end', () =>
        fail(
          new Error(`WebSocket ${url}: upgrade refused with HTTP ${res.statusCode}: ${body.slice(0, 300)}`),
        ),
      )
    })
    socket.on('error', (error) => fail(new Error(`WebSocket ${url}: ${error.message}`)))
    socket.on('message', (data) => {
      received.push(data.toString())
      if (received.length === 1) {
        socket.send(message)
        return
      }
      if (settled) return
      settled = true
      clearTimeout(timer)
      socket.close()
      try {
        resolve({ hello: JSON.parse(received[0]!), reply: received[1]! })
      } catch {
        reject(new Error(`WebSocket ${url}: first message is not JSON: ${received[0]}`))
      }
    })
  })
}
