// Responses declared per media type, in the form @portico/core hands Fastify (`{ content: { <type>:
// { schema } } }`, what html(), text(), stream(), file(), sse() and content maps become; redirect()
// is a `type: 'null'` entry with a `location` header): each media type documented under its status,
// models referenced, no "Default Response" without content, a redirect with its Location header.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { getOpenApiDocument, type OpenApiDocument, openapi } from '@portico/openapi'
import { compileErrors, validate } from '@readme/openapi-parser'
import { Type } from '@sinclair/typebox'
import Fastify, { type FastifyInstance } from 'fastify'
import { porticoRoute } from './fixtures.js'

const Book = Type.Object({ isbn: Type.String(), title: Type.String() }, { $id: 'Book' })
const Tick = Type.Object({ n: Type.Integer() }, { $id: 'Tick' })
const media = (type: string, schema: Record<string, unknown>) => ({ content: { [type]: { schema } } })
const binary = { type: 'string', format: 'binary' }

async function documentOf(
  t: { after: (fn: () => unknown) => void },
  routes: (app: FastifyInstance) => void,
): Promise<OpenApiDocument> {
  const app = Fastify()
  t.after(() => app.close())
  await app.register(openapi)
  routes(app)
  const document = await getOpenApiDocument(app)
  const result = await validate(structuredClone(document) as never)
  assert.ok(result.valid, result.valid ? '' : compileErrors(result))
  return document
}

type Responses = Record<
  string,
  { description: string; content?: Record<string, { schema: any }>; headers?: any }
>
const responsesOf = (document: OpenApiDocument, path: string, method = 'get') =>
  (document.paths as Record<string, Record<string, { responses: Responses }>>)[path]![method]!.responses

const ok = () => 'ok'

test('html, text, stream and file: each media type under its status, with FastAPI’s description', async (t) => {
  const document = await documentOf(t, (app) => {
    app.get(
      '/page',
      porticoRoute('Pages', 'page', { response: { 200: media('text/html', { type: 'string' }) } }),
      ok,
    )
    app.get(
      '/health',
      porticoRoute('Pages', 'health', { response: { 200: media('text/plain', { type: 'string' }) } }),
      ok,
    )
    app.get(
      '/export',
      porticoRoute('Pages', 'export', { response: { 200: media('application/x-ndjson', binary) } }),
      ok,
    )
    app.get(
      '/cover',
      porticoRoute('Pages', 'cover', {
        response: {
          200: { ...media('image/png', binary), description: 'The cover' },
          404: Type.Object({ detail: Type.String() }),
        },
      }),
      ok,
    )
  })
  assert.deepEqual(responsesOf(document, '/page')['200'], {
    description: 'Successful Response',
    content: { 'text/html': { schema: { type: 'string' } } },
  })
  assert.deepEqual(responsesOf(document, '/health')['200']!.content, {
    'text/plain': { schema: { type: 'string' } },
  })
  assert.deepEqual(responsesOf(document, '/export')['200']!.content, {
    'application/x-ndjson': { schema: binary },
  })
  const cover = responsesOf(document, '/cover')
  assert.deepEqual(cover['200'], { description: 'The cover', content: { 'image/png': { schema: binary } } })
  assert.equal(cover['404']!.description, 'Not Found')
  assert.ok(cover['404']!.content?.['application/json'])
})

test('a content map with several media types documents each; a model is referenced', async (t) => {
  const document = await documentOf(t, (app) => {
    app.get(
      '/books',
      porticoRoute('Books', 'list', {
        response: {
          200: {
            content: { 'application/json': { schema: Book }, 'text/csv': { schema: { type: 'string' } } },
          },
        },
      }),
      ok,
    )
  })
  const content = responsesOf(document, '/books')['200']!.content!
  assert.deepEqual(Object.keys(content), ['application/json', 'text/csv'])
  assert.deepEqual(content['application/json'], { schema: { $ref: '#/components/schemas/Book' } })
  assert.deepEqual(content['text/csv'], { schema: { type: 'string' } })
  assert.ok(document.components?.schemas?.Book)
})

test('redirect: the status with its Location header, no content, no "Default Response"', async (t) => {
  const document = await documentOf(t, (app) => {
    app.get(
      '/old',
      porticoRoute('Books', 'old', {
        response: {
          308: {
            type: 'null',
            headers: {
              location: { type: 'string', format: 'uri-reference', description: 'Where to go instead' },
            },
          },
        },
      }),
      ok,
    )
  })
  assert.deepEqual(responsesOf(document, '/old'), {
    308: {
      description: 'Permanent Redirect',
      headers: {
        location: { description: 'Where to go instead', schema: { type: 'string', format: 'uri-reference' } },
      },
    },
  })
})

test('server-sent events: text/event-stream, the event model referenced beside the string schema', async (t) => {
  const document = await documentOf(t, (app) => {
    app.get(
      '/ticks',
      porticoRoute('Ticks', 'ticks', {
        response: { 200: media('text/event-stream', { type: 'string', 'x-portico-event': Tick }) },
      }),
      ok,
    )
  })
  const content = responsesOf(document, '/ticks')['200']!.content!
  assert.deepEqual(Object.keys(content), ['text/event-stream'])
  assert.equal(content['text/event-stream']!.schema.type, 'string')
  assert.deepEqual(content['text/event-stream']!.schema['x-portico-event'], {
    $ref: '#/components/schemas/Tick',
  })
  assert.deepEqual(document.components?.schemas?.Tick, {
    type: 'object',
    required: ['n'],
    properties: { n: { type: 'integer' } },
    title: 'Tick',
  })
})
