import assert from 'node:assert/strict'
import { after, describe, test } from 'node:test'
import { killAll, runCli, spawnCli } from './helpers.js'
import { tempProject } from './temp-project.js'

after(killAll)

// A `portico` CLI installed apart from the app (globally, or a second version) reads the root path
// with its own copy of @portico/root-path. The app here wires its own copy (package.json and dist/
// copied into the project) the way createApp does, with a root path of its own; the CLI must still
// show that root path in the startup line and in `portico routes`.

const APP = `import Fastify from 'fastify'
import { rootPath, rootPathRewriteUrl } from '@portico/root-path'

export default async function build(runtime) {
  const app = Fastify({ logger: runtime.logger, trustProxy: runtime.trustProxy, rewriteUrl: rootPathRewriteUrl })
  await app.register(rootPath, { rootPath: runtime.rootPath ?? '/own', forwardedPrefix: runtime.forwardedPrefix })
  app.get('/app', async (request) => ({ root_path: request.rootPath }))
  app.get('/docs', async () => 'docs')
  return app
}
`

describe('an app with its own copy of @portico/root-path', () => {
  test("the run banner and `portico routes` show the app's own root path", async (t) => {
    const project = await tempProject({ links: ['fastify'], copies: ['@portico/root-path'] })
    t.after(() => project.remove())
    await project.write('main.js', APP)

    const cli = spawnCli(['run', 'main.js', '--port', '0', '--log-level', 'warn'], {}, { cwd: project.dir })
    const banner = await cli.waitFor(/^Portico running on (http:\/\/127\.0\.0\.1:\d+)(.*)$/m)
    assert.equal(banner[2], `/own (docs: ${banner[1]}/own/docs)`)

    const routes = await runCli(['routes', 'main.js', '--json'], {}, 20_000, { cwd: project.dir })
    assert.equal(routes.code, 0, routes.stderr)
    const row = JSON.parse(routes.stdout).find((r: { path: string }) => r.path === '/app')
    assert.equal(row.fullPath, '/own/app')
  })
})
