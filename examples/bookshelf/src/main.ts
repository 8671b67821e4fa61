// The bookshelf service of shared/contracts/bookshelf.md: served with `portico run dist/main.js`
// (the `start` script; `--root-path /api/v1` behind a proxy that publishes it there).
import { createApp, createSubApp, type PorticoRuntime } from 'portico'
import { AdminController } from './admin.controller.js'
import { BooksController } from './books.controller.js'
import { BooksService } from './books.service.js'
import { HealthController } from './health.controller.js'

export default function buildApp(runtime: Partial<PorticoRuntime> = {}) {
  const books = new BooksService()
  const app = createApp({
    ...runtime,
    errorFormat: 'fastapi',
    controllers: [BooksController, HealthController],
    providers: [{ provide: BooksService, useValue: books }],
    openapi: { info: { title: 'Bookshelf', version: '1.0.0' } },
  })
  app.register(
    createSubApp({
      controllers: [AdminController],
      providers: [{ provide: BooksService, useValue: books }],
      openapi: { info: { title: 'Bookshelf admin', version: '1.0.0' } },
    }),
    { prefix: '/admin' },
  )
  return app
}
