import type { FastifyInstance } from 'fastify'

/**
 * The static root path an app was built with, for the startup line and `portico routes`: read from
 * @portico/root-path's `rootPath` decorator when present, else `''`.
 */
export function rootPathOf(app: FastifyInstance): string {
  const value = (app as unknown as { rootPath?: unknown }).rootPath
  return typeof value === 'string' ? value : ''
}
