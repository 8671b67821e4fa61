// The bookshelf service of shared/contracts/bookshelf.md: served with `portico run dist/main.js`
// (the `start` script; `--root-path /api/v1` behind a proxy that publishes it there).
import { createApp, createSubApp, type PorticoRuntime } from 'portico'
import { AdminController } from './admin.controller.js'
import { AuthController, Tokens } from './auth.js'
import { BooksController, CoversController } from './books.controller.js'
import { BooksService } from './books.service.js'
import { FeedController } from './feed.controller.js'
import { HealthController } from './health.controller.js'

export { currentUser } from './auth.js'

export default function buildApp(runtime: Partial<PorticoRuntime> = {}) {
  const app = createApp({
    ...runtime,
    errorFormat: 'fastapi',
    controllers: [AuthController, BooksController, CoversController, FeedController, HealthController],
    providers: [BooksService, Tokens], // one instance each, shared with the admin sub-application
    openapi: { info: { title: 'Bookshelf', version: '1.0.0' } },
  })
  app.register(
    createSubApp({
      controllers: [AdminController],
      openapi: { info: { title: 'Bookshelf admin', version: '1.0.0' } },
    }),
    { prefix: '/admin' },
  )
  return app
}
