// Type tests of the published declarations (dist/*.d.ts), compiled as a user's project would:
// `skipLibCheck: false` (every declaration file is checked), `module: "preserve"` and
// `moduleResolution: "bundler"`, where a default import of an `export =` module such as
// @fastify/error is not its namespace (declarations naming `createError.FastifyErrorConstructor`
// gave TS2503). Every `// @ts-expect-error` must stay an error. Build first (`pnpm build`), then:
// pnpm exec tsc -p packages/root-path/test-types/tsconfig.json

import {
  type MountOptions,
  mount,
  PORTICO_ERR_ROOT_PATH_HOST_INVALID,
  PORTICO_ERR_ROOT_PATH_OPTION_UNKNOWN,
  ROOT_PATH_DEFAULTS,
  type RootPathOptions,
  rootPath,
  rootPathOf,
  rootPathRewriteUrl,
  rootPathServeHook,
  urlFor,
} from '@portico/root-path'
import Fastify from 'fastify'

export async function build() {
  const app = Fastify({ rewriteUrl: rootPathRewriteUrl })
  await app.register(rootPath, { rootPath: '/api/v1', servers: [{ url: 'https://prod.example.com' }] })
  await app.register(rootPath, { rootPath: '/api/v1', prefix: '/ignored' })
  // @ts-expect-error an unknown plugin option (also rejected at registration)
  await app.register(rootPath, { root_path: '/api/v1' })
  await app.register(
    mount(
      async (sub) => {
        sub.get('/x', { config: { name: 'x' } }, async (request) => request.rootPath)
      },
      { name: 'sub' },
    ),
    { prefix: '/sub' },
  )
  // @ts-expect-error an unknown mount() option (also rejected when mount() is called)
  mount(async () => {}, { prefix: '/sub' })
  app.get('/u', async (request, reply) => {
    const path: string = urlFor(request, 'x') + request.urlFor('sub:x') + request.externalPath('/docs/')
    const hook = rootPathServeHook(request)
    if (hook?.servers?.[0]?.url === path) return reply.redirectTo('x', { id: 1 }, { q: 'a' }, 303)
    return { path, root: rootPathOf(app) }
  })
  return app
}

const code: 'PORTICO_ERR_ROOT_PATH_HOST_INVALID' = new PORTICO_ERR_ROOT_PATH_HOST_INVALID().code
const status: 400 = new PORTICO_ERR_ROOT_PATH_HOST_INVALID().statusCode
// @ts-expect-error the constructor takes the message's three arguments
new PORTICO_ERR_ROOT_PATH_OPTION_UNKNOWN('mount()', 'prefix')
const defaults: Required<RootPathOptions> = { ...ROOT_PATH_DEFAULTS.plugin, servers: [] }
const mountDefaults: MountOptions = { ...ROOT_PATH_DEFAULTS.mount, servers: [] }
// @ts-expect-error the defaults are frozen
ROOT_PATH_DEFAULTS.plugin.rootPath = '/x'

export { code, defaults, mountDefaults, status }
