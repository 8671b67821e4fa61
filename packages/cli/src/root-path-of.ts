import type { FastifyInstance } from 'fastify'

// @portico/root-path keeps its validated options on the root instance under a private symbol and
// exports no reader yet; the symbol is found by its description. Only used for display (the startup
// line and `portico routes`), so an app without the plugin simply has no root path.
const STATE_DESCRIPTION = 'portico.rootPath.state'

/**
 * The static root path an app was built with (`''` when none): @portico/root-path's normalised
 * `rootPath` option, found on the root instance.
 */
export function rootPathOf(app: FastifyInstance): string {
  for (const key of Object.getOwnPropertySymbols(app)) {
    if (key.description !== STATE_DESCRIPTION) continue
    const value = (app as unknown as Record<symbol, { options?: { rootPath?: unknown } }>)[key]?.options
      ?.rootPath
    if (typeof value === 'string') return value
  }
  return ''
}
