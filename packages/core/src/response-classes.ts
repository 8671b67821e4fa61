import { CORE_DEFAULTS } from './defaults.js'
import { PORTICO_ERR_CORE_RESPONSE_INVALID } from './errors.js'
import { byteLength, PorticoResponse, type RequestLike, type ResponseOptions } from './response-base.js'
import { checkResponseOptions, checkStatus } from './response-checks.js'

// The response classes a handler returns: HTML, text and redirects here; files (file-response.ts) and
// server-sent events (event-stream.ts) in their own files, exported from here too. See
// response-base.ts for how they are sent.

export { EventStream, type EventStreamOptions } from './event-stream.js'
export { FileResponse, type FileResponseOptions } from './file-response.js'
export { PorticoResponse, type ResponseOptions, SEND_RESPONSE } from './response-base.js'
export { ServerSentEvent, type SseFields } from './sse.js'

/**
 * An HTML page (`text/html; charset=utf-8`).
 *
 * @example
 * \@Get('/', { response: { 200: html() } })
 * page() { return new HtmlResponse('<h1>Books</h1>') }
 */
export class HtmlResponse extends PorticoResponse {
  constructor(
    readonly content: string,
    init: ResponseOptions = {},
  ) {
    checkResponseOptions(init, CORE_DEFAULTS.response, 'HtmlResponse')
    checkStatus(init.status, 'HtmlResponse')
    const headers = { 'content-type': 'text/html; charset=utf-8', ...init.headers }
    super(init.status, headers, { 'content-length': byteLength(content) })
  }
  protected nodeBody(): string {
    return this.content
  }
}

/**
 * Plain text (`text/plain; charset=utf-8`).
 *
 * @example
 * \@Get('/health', { response: { 200: text() } })
 * health() { return new TextResponse('ok') }
 */
export class TextResponse extends PorticoResponse {
  constructor(
    readonly content: string,
    init: ResponseOptions = {},
  ) {
    checkResponseOptions(init, CORE_DEFAULTS.response, 'TextResponse')
    checkStatus(init.status, 'TextResponse')
    const headers = { 'content-type': 'text/plain; charset=utf-8', ...init.headers }
    super(init.status, headers, { 'content-length': byteLength(content) })
  }
  protected nodeBody(): string {
    return this.content
  }
}

/**
 * A redirect (default 307, as FastAPI). A target starting with one `/` is a path of the app: on a
 * route that declares `redirect()`, core sends it under the request's root path (`/books/1` behind
 * `/api/v1` is `/api/v1/books/1`); a relative (`../x`), absolute or `//host` target is sent as given
 * (and @portico/root-path's Location guard still applies). A path that already includes the root
 * path (from `request.urlFor`) goes through `reply.redirect()` instead.
 *
 * @example
 * \@Post('/', { body: NewBook, response: { 303: redirect() } })
 * create(@Body() book: NewBook) { return new RedirectResponse(`/books/${this.books.add(book)}`, 303) }
 */
export class RedirectResponse extends PorticoResponse {
  constructor(
    /** The target: an app path (`/books/1`), a relative reference or an absolute URL. */
    readonly target: string,
    status = 307,
    init: Omit<ResponseOptions, 'status'> = {},
  ) {
    checkResponseOptions(init, CORE_DEFAULTS.redirectResponse, 'RedirectResponse')
    checkStatus(status, 'RedirectResponse', 300, 399)
    if (typeof target !== 'string') {
      throw new PORTICO_ERR_CORE_RESPONSE_INVALID(
        'RedirectResponse',
        `the target must be a string, got ${typeof target}`,
      )
    }
    super(status, { ...init.headers }, { location: target })
  }
  protected nodeBody(): null {
    return null
  }
  protected override requestHeaders(request: RequestLike): Record<string, string> {
    const url = this.target
    const appPath = url.startsWith('/') && url[1] !== '/' && url[1] !== '\\'
    const root = typeof request.rootPath === 'string' ? request.rootPath : ''
    return { location: appPath ? `${root}${url}` : url }
  }
}
