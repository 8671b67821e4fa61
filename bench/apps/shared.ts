/**
 * What every benchmarked app serves, so that the variants stay equivalent: the seed endpoint
 * `GET /app` with a response schema, and `POST /items/:id` with a validated JSON body and an integer
 * path parameter. The driver checks each server's answers against these before measuring it.
 */
import { type Static, Type } from '@sinclair/typebox'

/** Root path every variant reports (statically, or from the request where the app knows one). */
export const ROOT_PATH = '/api/v1'

export const AppResponse = Type.Object({ message: Type.String(), root_path: Type.String() })

export const ItemParams = Type.Object({ id: Type.Integer({ minimum: 1 }) })

export const ItemBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    price: Type.Number({ minimum: 0 }),
    tags: Type.Array(Type.String(), { maxItems: 10 }),
  },
  { additionalProperties: false },
)
export type ItemBody = Static<typeof ItemBody>

export const ItemResponse = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  price: Type.Number(),
  tags: Type.Array(Type.String()),
})

/** The body the load generator posts, and what the apps must answer for `POST /items/42`. */
export const SAMPLE_ITEM: ItemBody = { name: 'widget', price: 9.5, tags: ['a', 'b'] }

/** Port given by the driver (it picks a free one on 127.0.0.1). */
export function portFromEnv(): number {
  const port = Number(process.env.PORT)
  if (!Number.isInteger(port) || port <= 0) throw new Error('PORT must be set to the port to listen on')
  return port
}

/** Tells the driver the server is accepting connections (it waits for this line on stdout). */
export function announceReady(port: number): void {
  // Exit normally on a signal so that `node --cpu-prof` writes its profile.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(0))
  process.stdout.write(`READY ${port} ${performance.now().toFixed(1)}\n`)
}
