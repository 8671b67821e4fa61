import type { TestContext } from 'node:test'
import { type PorticoOptions, portico } from '@portico/core'
import Fastify, { type FastifyInstance } from 'fastify'

/** A ready Fastify app with `portico` registered at the root, closed after the test. */
export async function appWith(t: TestContext, options: PorticoOptions): Promise<FastifyInstance> {
  const app = Fastify()
  t.after(() => app.close())
  await app.register(portico, options)
  await app.ready()
  return app
}

/** The error `app.ready()` fails with for these options. */
export async function startupError(options: PorticoOptions): Promise<Error & { code?: string }> {
  const app = Fastify()
  try {
    await app.register(portico, options)
    await app.ready()
  } catch (error) {
    return error as Error & { code?: string }
  } finally {
    await app.close().catch(() => {})
  }
  throw new Error('expected startup to fail')
}
