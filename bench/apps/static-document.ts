/**
 * Baseline for the documents benchmark: plain Fastify serving the bytes of Portico's /openapi.json
 * (read once from DOCUMENT_FILE) as a static string, with the same content type.
 */
import { readFileSync } from 'node:fs'
import Fastify from 'fastify'
import { announceReady, portFromEnv } from './shared.js'

const document = readFileSync(process.env.DOCUMENT_FILE!, 'utf8')
const contentType = process.env.CONTENT_TYPE ?? 'application/json; charset=utf-8'

const app = Fastify({ logger: false })
app.get('/openapi.json', (_request, reply) => {
  reply.type(contentType).send(document)
})
const port = portFromEnv()
await app.listen({ port, host: '127.0.0.1' })
announceReady(port)
