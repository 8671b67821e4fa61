/**
 * Floor: node:http with hand-written routing, validation and serialization. No framework can be
 * faster than this on the same runtime; it shows how much of the budget the frameworks spend.
 */
import http from 'node:http'
import { announceReady, portFromEnv, ROOT_PATH } from './shared.js'

const appBody = JSON.stringify({ message: 'Hello World', root_path: ROOT_PATH })
const itemPath = /^\/items\/([1-9][0-9]{0,15})$/

function send(res: http.ServerResponse, status: number, body: string): void {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  })
  res.end(body)
}

function validItem(value: unknown): value is { name: string; price: number; tags: string[] } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  // Unknown keys are dropped from the reply, as Fastify's default Ajv (removeAdditional) does.
  const v = value as Record<string, unknown>
  return (
    typeof v.name === 'string' &&
    v.name.length >= 1 &&
    v.name.length <= 100 &&
    typeof v.price === 'number' &&
    v.price >= 0 &&
    Array.isArray(v.tags) &&
    v.tags.length <= 10 &&
    v.tags.every((t) => typeof t === 'string')
  )
}

const server = http.createServer((req, res) => {
  const url = req.url ?? '/'
  if (req.method === 'GET' && url === '/app') return send(res, 200, appBody)
  const match = req.method === 'POST' ? itemPath.exec(url) : null
  if (!match) return send(res, 404, '{"statusCode":404,"error":"Not Found"}')
  const chunks: Buffer[] = []
  req.on('data', (chunk: Buffer) => chunks.push(chunk))
  req.on('end', () => {
    let body: unknown
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'))
    } catch {
      return send(res, 400, '{"statusCode":400,"error":"Bad Request","message":"invalid JSON"}')
    }
    if (!validItem(body))
      return send(res, 400, '{"statusCode":400,"error":"Bad Request","message":"invalid body"}')
    send(
      res,
      200,
      JSON.stringify({ id: Number(match[1]), name: body.name, price: body.price, tags: body.tags }),
    )
  })
})

const port = portFromEnv()
server.keepAliveTimeout = 72_000
server.listen(port, '127.0.0.1', () => announceReady(port))
