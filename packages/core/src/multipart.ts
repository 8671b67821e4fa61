import type { Readable } from 'node:stream'
import { errorCodes, type FastifyRequest } from 'fastify'
import {
  PORTICO_ERR_CORE_FILE_TOO_LARGE,
  PORTICO_ERR_CORE_FILE_TOO_MANY,
  PORTICO_ERR_CORE_FILE_TYPE_UNSUPPORTED,
} from './errors.js'
import { FILES_KEY, type FilesByField, type UploadedFile } from './files.js'
import type { PlannedFileField } from './forms.js'

// Reading a multipart body (@fastify/multipart's `request.parts()`) into the form fields, which
// Fastify then validates as the body, and the uploaded files, kept apart on the request. Every part
// is bounded as it streams: a file by its field's `maxSize` (the memory it can take), the number of
// files by `maxCount`, the text fields together by the route's `bodyLimit`.

/** What @fastify/multipart yields (only the members read here). */
interface Part {
  type: 'file' | 'field'
  fieldname: string
  mimetype: string
  filename?: string
  file?: Readable & { truncated?: boolean }
  value?: unknown
  valueTruncated?: boolean
}

type MultipartRequest = FastifyRequest & {
  isMultipart(): boolean
  parts(options: object): AsyncIterableIterator<Part>
}

/** Whether `mimetype` is one of `types` (`image/*` matches every image type). */
export function typeAccepted(mimetype: string, types: readonly string[]): boolean {
  const type = mimetype.split(';')[0]!.trim().toLowerCase()
  return types.some((t) => {
    const accepted = t.toLowerCase()
    return accepted.endsWith('/*') ? type.startsWith(accepted.slice(0, -1)) : type === accepted
  })
}

/** The file's bytes, failing with 413 as soon as it goes over `field.maxSize` (never buffering more). */
async function readFile(
  stream: Readable & { truncated?: boolean },
  field: PlannedFileField,
): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > field.maxSize) {
      stream.destroy()
      throw new PORTICO_ERR_CORE_FILE_TOO_LARGE(field.name, field.maxSize)
    }
    chunks.push(chunk)
  }
  // Busboy's own limit (the largest maxSize + 1) cut it: still over this field's.
  if (stream.truncated) throw new PORTICO_ERR_CORE_FILE_TOO_LARGE(field.name, field.maxSize)
  return Buffer.concat(chunks, size)
}

/** Adds a text field to the body: repeated fields become arrays, as in a urlencoded body. */
function addField(body: Record<string, unknown>, name: string, value: unknown): void {
  const previous = body[name]
  if (previous === undefined) body[name] = value
  else if (Array.isArray(previous)) previous.push(value)
  else body[name] = [previous, value]
}

/**
 * The preValidation hook of a route that accepts multipart bodies: reads every part, puts the text
 * fields in `request.body` and the files of the `files` fields on the request (`@File()` /
 * `@Files()` read them there). Each file field also gets a non-enumerable entry in the body (its
 * file names) so that the body schema's `required` and `maxItems` apply to files like fields, and
 * `@Form()` still enumerates the text fields only. Parts of undeclared file fields are drained and
 * dropped.
 */
export function multipartHook(fields: readonly PlannedFileField[]) {
  const byName = new Map(fields.map((f) => [f.name, f]))
  const largest = Math.max(0, ...fields.map((f) => f.maxSize))
  const fileCount = fields.reduce((n, f) => n + f.maxCount, 0)
  return async function readMultipart(request: FastifyRequest): Promise<void> {
    const r = request as MultipartRequest
    if (!r.isMultipart()) return
    const bodyLimit = request.routeOptions.bodyLimit
    const limits = {
      // +1: a file of exactly maxSize bytes must not be cut; readFile stops at maxSize + 1.
      fileSize: largest + 1,
      // One more than accepted, so that an extra file reaches the maxCount check (413) below.
      files: fileCount + 1,
      fieldSize: bodyLimit,
    }
    const body: Record<string, unknown> = {}
    const files: FilesByField = {}
    let fieldBytes = 0
    for await (const part of r.parts({ limits })) {
      if (part.type === 'file') {
        const field = byName.get(part.fieldname)
        if (field === undefined) {
          part.file!.resume()
          continue
        }
        files[field.name] ??= []
        const list = files[field.name]!
        if (list.length >= field.maxCount)
          throw new PORTICO_ERR_CORE_FILE_TOO_MANY(field.name, field.maxCount)
        const accepted = field.types === undefined || typeAccepted(part.mimetype, field.types)
        // A browser sends an empty part (no file name, no bytes) for a file input left empty: no file.
        const unnamed = !part.filename
        if (!accepted && !unnamed) {
          part.file!.resume()
          throw new PORTICO_ERR_CORE_FILE_TYPE_UNSUPPORTED(part.mimetype, field.name, field.types!.join(', '))
        }
        const buffer = await readFile(part.file!, field)
        if (buffer.length === 0 && unnamed) continue
        if (!accepted)
          throw new PORTICO_ERR_CORE_FILE_TYPE_UNSUPPORTED(part.mimetype, field.name, field.types!.join(', '))
        const file: UploadedFile = {
          filename: part.filename ?? '',
          mimetype: part.mimetype,
          size: buffer.length,
          buffer,
        }
        list.push(file)
      } else {
        // A text part in a file field is no file: the field stays without one.
        if (byName.has(part.fieldname)) continue
        fieldBytes += part.fieldname.length + String(part.value ?? '').length
        if (part.valueTruncated || fieldBytes > bodyLimit) throw new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE()
        addField(body, part.fieldname, part.value)
      }
    }
    for (const [name, list] of Object.entries(files)) {
      if (list.length === 0) {
        delete files[name]
        continue
      }
      const names = list.map((f) => f.filename)
      const value = byName.get(name)!.many ? names : names[0]
      Object.defineProperty(body, name, { value, enumerable: false, configurable: true, writable: true })
    }
    request.body = body
    ;(request as unknown as Record<symbol, FilesByField>)[FILES_KEY] = files
  }
}
