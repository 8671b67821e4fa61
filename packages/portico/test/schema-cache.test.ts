import assert from 'node:assert/strict'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, describe, test } from 'node:test'
import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { createApp, SCHEMA_CACHE_FILE } from 'portico'

const Tag = Type.Object({ label: Type.String({ minLength: 1 }) }, { $id: 'Tag' })

function build(dir: string | false, maxLength = 10): FastifyInstance {
  const app = createApp({ openapi: false, schemaCache: dir, schemas: [Tag] })
  app.post(
    '/items/:id',
    {
      schema: {
        params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
        querystring: Type.Object({ limit: Type.Integer({ default: 20 }) }),
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength }),
            when: Type.Optional(Type.String({ format: 'date-time' })),
            tags: Type.Array(Type.Ref(Tag), { maxItems: 3 }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            id: Type.Integer(),
            limit: Type.Integer(),
            name: Type.String(),
            tags: Type.Array(Type.Ref(Tag)),
          }),
        },
      },
    },
    async (request) => {
      const { id } = request.params as { id: number }
      const { limit } = request.query as { limit: number }
      return { id, limit, secret: 'not serialized', ...(request.body as object) }
    },
  )
  return app
}

const requests = [
  { url: '/items/7', payload: { name: 'widget', tags: [{ label: 'a' }] } },
  { url: '/items/7?limit=5', payload: { name: 'widget', tags: [], extra: 1 } },
  { url: '/items/0', payload: { name: 'widget', tags: [] } },
  { url: '/items/x', payload: { name: 'widget', tags: [] } },
  { url: '/items/7', payload: { name: '', tags: [] } },
  { url: '/items/7', payload: { name: 'widget', tags: [{ label: '' }] } },
  { url: '/items/7', payload: { name: 'widget', when: 'yesterday', tags: [] } },
  { url: '/items/7', payload: { name: 'widget', when: '2026-12-01T00:00:00Z', tags: [] } },
  { url: '/items/7', payload: { name: 'a name that is too long', tags: [] } },
]

async function answers(app: FastifyInstance) {
  const out = []
  for (const r of requests) {
    const res = await app.inject({ method: 'POST', ...r })
    out.push([res.statusCode, res.body])
  }
  await app.close()
  return out
}

const tempDirs: string[] = []
after(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true })
})
const fresh = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'portico-schema-cache-'))
  tempDirs.push(dir)
  return dir
}
const cacheFile = (dir: string) => path.join(dir, SCHEMA_CACHE_FILE)
const entries = (dir: string) =>
  (JSON.parse(readFileSync(cacheFile(dir), 'utf8')) as { entries: Record<string, string> }).entries

function warnings() {
  const seen: Error[] = []
  const listener = (warning: Error) => seen.push(warning)
  process.on('warning', listener)
  return { seen, stop: () => process.off('warning', listener) }
}
const tick = () => new Promise((resolve) => setImmediate(resolve))

describe('createApp schemaCache', () => {
  test('first start writes the cache; a start from it answers exactly as compiling does', async () => {
    const dir = fresh()
    const compiled = await answers(build(false))
    const first = await answers(build(dir))
    const written = entries(dir)
    // params, querystring, body validators and the 200 serializer
    assert.ok(Object.keys(written).length >= 4, `${Object.keys(written).length} entries`)
    const mtime = statSync(cacheFile(dir)).mtimeMs
    const second = await answers(build(dir))
    assert.deepEqual(first, compiled)
    assert.deepEqual(second, compiled)
    // every schema hit: the file was not rewritten
    assert.equal(statSync(cacheFile(dir)).mtimeMs, mtime)
  })

  test('a hit runs the stored code (not a fresh compile)', async () => {
    const dir = fresh()
    await build(dir).ready()
    const stored = entries(dir)
    const serializerKey = Object.keys(stored).find((key) => stored[key]!.includes('fast-json-stringify'))!
    stored[serializerKey] = 'module.exports = () => \'{"from":"the cache"}\''
    writeFileSync(cacheFile(dir), JSON.stringify({ version: 1, entries: stored }))
    const app = build(dir)
    const res = await app.inject({ method: 'POST', ...requests[0]! })
    assert.equal(res.body, '{"from":"the cache"}')
    await app.close()
  })

  test('a changed schema misses and is compiled; the cache is rewritten with its new entry', async () => {
    const dir = fresh()
    await answers(build(dir, 10))
    const before = Object.keys(entries(dir))
    const app = build(dir, 30) // body schema changed: maxLength 30
    const res = await app.inject({
      method: 'POST',
      url: '/items/7',
      payload: { name: 'a name that is too long', tags: [] },
    })
    assert.equal(res.statusCode, 200)
    await app.close()
    const after = Object.keys(entries(dir))
    assert.equal(after.length, before.length)
    assert.equal(after.filter((key) => !before.includes(key)).length, 1) // the body validator only
  })

  test('a corrupt cache file is ignored with a warning and replaced', async () => {
    const dir = fresh()
    writeFileSync(cacheFile(dir), '{"version":1,"entries":')
    const w = warnings()
    try {
      const compiled = await answers(build(false))
      assert.deepEqual(await answers(build(dir)), compiled)
      await tick()
    } finally {
      w.stop()
    }
    const warning = w.seen.find(
      (x) => (x as { code?: string }).code === 'PORTICO_ERR_APP_SCHEMA_CACHE_UNREADABLE',
    )
    assert.ok(warning, 'a PORTICO_ERR_APP_SCHEMA_CACHE_UNREADABLE warning')
    assert.match(warning.message, new RegExp(SCHEMA_CACHE_FILE))
    assert.ok(Object.keys(entries(dir)).length >= 4)
  })

  test('an entry whose code throws is dropped with a warning and compiled', async () => {
    const dir = fresh()
    await build(dir).ready()
    const stored = entries(dir)
    for (const key of Object.keys(stored)) stored[key] = 'throw new Error("bad entry")'
    writeFileSync(cacheFile(dir), JSON.stringify({ version: 1, entries: stored }))
    const w = warnings()
    try {
      assert.deepEqual(await answers(build(dir)), await answers(build(false)))
      await tick()
    } finally {
      w.stop()
    }
    assert.ok(w.seen.some((x) => /bad entry/.test(x.message)))
  })

  test('concurrent starts write whole files (temp file + rename), none left behind', async () => {
    const dir = fresh()
    await Promise.all(Array.from({ length: 6 }, () => answers(build(dir))))
    assert.ok(Object.keys(entries(dir)).length >= 4)
    assert.deepEqual(readdirSync(dir), [SCHEMA_CACHE_FILE])
  })

  test('a wrong value is refused at the call', () => {
    assert.throws(() => createApp({ schemaCache: '' }), { code: 'PORTICO_ERR_APP_OPTION_INVALID' })
    assert.throws(() => createApp({ schemaCache: true as never }), { code: 'PORTICO_ERR_APP_OPTION_INVALID' })
  })
})
