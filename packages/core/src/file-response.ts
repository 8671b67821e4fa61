import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import type { Readable } from 'node:stream'
import { contentDisposition } from './content-disposition.js'
import { CORE_DEFAULTS } from './defaults.js'
import { PORTICO_ERR_CORE_RESPONSE_INVALID } from './errors.js'
import { byteLength, PorticoResponse, type RequestLike, type ResponseOptions } from './response-base.js'
import { checkResponseOptions, checkStatus } from './response-checks.js'

/**
 * Options of a {@link FileResponse}.
 *
 * @example
 * const options: FileResponseOptions = { type: 'application/pdf', filename: 'report.pdf' }
 */
export interface FileResponseOptions extends ResponseOptions {
  /** The media type (`Content-Type`). Required: the file's name says nothing to core. */
  type: string
  /** The name a browser saves it under (`Content-Disposition`, RFC 6266 encoded). Default: none. */
  filename?: string
  /** `attachment` (a download) or `inline` (shown). Default: `attachment` when `filename` is set, else no header. */
  disposition?: 'attachment' | 'inline'
}

/**
 * A file from a path (streamed, with its Content-Length) or from memory, with its media type and an
 * optional download name (`Content-Disposition`, safe for any name: no header injection).
 *
 * @example
 * \@Get('/cover', { response: { 200: file('image/png') } })
 * cover() { return new FileResponse('/srv/covers/1.png', { type: 'image/png', filename: 'cover.png' }) }
 */
export class FileResponse extends PorticoResponse {
  /** The size of the file at `source`, once core has read it (for Content-Length). */
  #size: number | undefined

  constructor(
    readonly source: string | Buffer,
    options: FileResponseOptions,
  ) {
    checkResponseOptions(options, CORE_DEFAULTS.fileResponse, 'FileResponse')
    checkStatus(options?.status, 'FileResponse')
    if (typeof options?.type !== 'string' || options.type === '') {
      throw new PORTICO_ERR_CORE_RESPONSE_INVALID('FileResponse', '`type` (the media type) is required')
    }
    if (typeof source !== 'string' && !Buffer.isBuffer(source)) {
      throw new PORTICO_ERR_CORE_RESPONSE_INVALID('FileResponse', 'the source must be a path or a Buffer')
    }
    const headers: Record<string, string> = { 'content-type': options.type }
    const disposition = options.disposition ?? (options.filename === undefined ? undefined : 'attachment')
    if (disposition !== undefined)
      headers['content-disposition'] = contentDisposition(options.filename, disposition)
    Object.assign(headers, options.headers)
    super(options.status, headers, Buffer.isBuffer(source) ? { 'content-length': byteLength(source) } : {})
  }
  protected nodeBody(request: RequestLike | undefined): Buffer | Readable | Promise<Readable> {
    if (Buffer.isBuffer(this.source)) return this.source
    // Sent as a web Response (no request), it streams without a length; core stats the file first.
    if (request === undefined) return createReadStream(this.source)
    return this.#sized(this.source)
  }
  async #sized(path: string): Promise<Readable> {
    const info = await stat(path)
    this.#size = info.size
    return createReadStream(path)
  }
  protected override requestHeaders(): Record<string, string> | undefined {
    return this.#size === undefined ? undefined : { 'content-length': String(this.#size) }
  }
}
