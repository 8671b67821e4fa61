// Type tests of media type responses: a handler may return what the success status's media types
// accept (a string for html()/text(), a stream for stream(), the response classes), content maps are
// accepted, and a wrong return still fails. Every `// @ts-expect-error` must stay an error.

import { Readable } from 'node:stream'
import {
  Controller,
  EventStream,
  FileResponse,
  file,
  Get,
  HtmlResponse,
  html,
  RedirectResponse,
  redirect,
  ServerSentEvent,
  sse,
  stream,
  TextResponse,
  text,
} from '@portico/core'
import { Type } from '@sinclair/typebox'

const Book = Type.Object({ isbn: Type.String(), title: Type.String() })
const Tick = Type.Object({ n: Type.Integer() })

@Controller('/ok')
export class Agreeing {
  @Get('/page', { response: { 200: html() } })
  page() {
    return '<h1>Books</h1>'
  }

  @Get('/page-class', { response: { 200: html({ description: 'The home page' }) } })
  async pageClass() {
    return new HtmlResponse('<h1>Books</h1>')
  }

  @Get('/health', { response: { 200: text() } })
  health() {
    return Math.random() > 0.5 ? 'ok' : new TextResponse('ok')
  }

  @Get('/csv', { response: { 200: { content: { 'text/csv': Type.String() }, description: 'CSV' } } })
  csv() {
    return 'isbn,title'
  }

  @Get('/both', { response: { 200: { content: { 'application/json': Book, 'text/csv': Type.String() } } } })
  both() {
    return Math.random() > 0.5 ? { isbn: '1', title: 'Dune' } : 'isbn,title'
  }

  @Get('/bytes', { response: { 200: stream('application/x-ndjson') } })
  bytes() {
    return Readable.from(['{}\n'])
  }

  @Get('/cover', { response: { 200: file('image/png'), 404: Type.Object({ detail: Type.String() }) } })
  cover() {
    return Math.random() > 0.5 ? new FileResponse('/x.png', { type: 'image/png' }) : { detail: 'none' }
  }

  @Get('/go', { response: { 307: redirect() } })
  go() {
    return new RedirectResponse('/ok/page')
  }

  @Get('/ticks', { response: { 200: sse(Tick) } })
  ticks() {
    async function* source() {
      yield { n: 1 }
      yield new ServerSentEvent({ n: 2 }, { event: 'tick' })
    }
    return new EventStream(source())
  }
}

@Controller('/bad')
export class Disagreeing {
  // @ts-expect-error html() takes a string, not an object
  @Get('/page', { response: { 200: html() } })
  page() {
    return { html: '<h1>' }
  }

  // @ts-expect-error text() takes a string, not a number
  @Get('/health', { response: { 200: text() } })
  health() {
    return 42
  }

  // @ts-expect-error the JSON media type's schema still checks the object
  @Get('/both', { response: { 200: { content: { 'application/json': Book, 'text/csv': Type.String() } } } })
  both() {
    return { isbn: 1 }
  }

  // @ts-expect-error a redirect-only route does not return an HTML page
  @Get('/go', { response: { 307: redirect() } })
  go() {
    return new HtmlResponse('<p>')
  }

  // @ts-expect-error the events are Ticks with an integer n, not a string
  @Get('/ticks', { response: { 200: sse(Tick) } })
  ticks() {
    return new EventStream([{ n: 'one' }])
  }

  // @ts-expect-error an html() route does not stream a file
  @Get('/page-file', { response: { 200: html() } })
  pageFile() {
    return new FileResponse('/x.png', { type: 'image/png' })
  }
}
