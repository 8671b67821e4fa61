import { type RootPathOptions, rootPath, rootPathRewriteUrl } from '@portico/root-path'
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'

/** The trusted proxy's address in tests (inject's `remoteAddress`). */
export const PROXY = '10.0.0.7'
/** A client talking to the app directly. */
export const CLIENT = '203.0.113.9'

/** A plain Fastify app wired as the README says, with a few routes that report what they see. */
export async function buildApp(
  options: RootPathOptions = {},
  fastifyOptions: FastifyServerOptions = {},
): Promise<FastifyInstance> {
  const app = Fastify({ rewriteUrl: rootPathRewriteUrl, ...fastifyOptions })
  await app.register(rootPath, options)
  app.get('/', { config: { name: 'home' } }, async (request) => ({
    route: 'home',
    root_path: request.rootPath,
  }))
  app.get('/app', { config: { name: 'app' } }, async (request) => ({
    message: 'Hello World',
    root_path: request.rootPath,
  }))
  app.get('/admin', async (request) => ({ route: 'admin', root_path: request.rootPath }))
  app.get('/echo-url', async (request) => ({ url: request.url, query: request.query }))
  return app
}
