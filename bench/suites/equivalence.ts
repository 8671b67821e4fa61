/** Before a variant is measured: does it answer like every other one? */
import { isDeepStrictEqual } from 'node:util'
import { ROOT_PATH, SAMPLE_ITEM } from '../apps/shared.js'
import type { RunningServer } from '../lib/server.js'
import { sampleBody, type Variant } from '../variants.js'

/** Checks that a variant answers like every other one; returns why not, or undefined. */
export async function checkEquivalence(server: RunningServer, v: Variant): Promise<string | undefined> {
  const base = `http://127.0.0.1:${server.port}${v.prefix}`
  const get = await fetch(`${base}/app`, { headers: v.headers })
  const getBody = await get.json().catch(() => undefined)
  if (get.status !== 200 || !isDeepStrictEqual(getBody, { message: 'Hello World', root_path: ROOT_PATH })) {
    return `GET ${v.prefix}/app answered ${get.status} ${JSON.stringify(getBody)}`
  }
  const post = await fetch(`${base}/items/42`, {
    method: 'POST',
    headers: { ...v.headers, 'content-type': 'application/json' },
    body: sampleBody,
  })
  const postBody = await post.json().catch(() => undefined)
  if (post.status !== 200 || !isDeepStrictEqual(postBody, { id: 42, ...SAMPLE_ITEM })) {
    return `POST ${v.prefix}/items/42 answered ${post.status} ${JSON.stringify(postBody)}`
  }
  // Unknown fields are dropped (Fastify's default) or rejected, never echoed.
  const extra = await fetch(`${base}/items/42`, {
    method: 'POST',
    headers: { ...v.headers, 'content-type': 'application/json' },
    body: JSON.stringify({ ...SAMPLE_ITEM, extra: 1 }),
  })
  const extraBody = await extra.json().catch(() => undefined)
  if (
    extra.status === 200
      ? !isDeepStrictEqual(extraBody, { id: 42, ...SAMPLE_ITEM })
      : extra.status !== 400 && extra.status !== 422
  ) {
    return `unknown body field answered ${extra.status} ${JSON.stringify(extraBody)}`
  }
  for (const [what, url, body] of [
    ['invalid body', `${base}/items/42`, JSON.stringify({ ...SAMPLE_ITEM, price: -1 })],
    ['non-integer id', `${base}/items/abc`, sampleBody],
  ] as const) {
    const res = await fetch(url, {
      method: 'POST',
      headers: { ...v.headers, 'content-type': 'application/json' },
      body,
    })
    await res.arrayBuffer()
    if (res.status < 400 || res.status >= 500) return `${what} answered ${res.status}, expected 4xx`
  }
  return undefined
}
