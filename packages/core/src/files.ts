import type { FastifyRequest } from 'fastify'
import { PORTICO_ERR_CORE_PARAM_INVALID } from './errors.js'
import { paramDecorator } from './params.js'

// Uploaded files: `@File(name)` / `@Files(name)` and the route option `files`, which declares each
// multipart file field with its limits. The upload itself is read by multipart.ts.

/**
 * One uploaded file, read into memory (bounded by its field's `maxSize`).
 *
 * @example
 * \@Post('/covers', { files: { cover: { types: ['image/png'] } } })
 * upload(@File('cover') cover: UploadedFile) { return { name: cover.filename, bytes: cover.size } }
 */
export interface UploadedFile {
  /** The file name the client sent (`filename=` of the part), as given: never use it as a path. */
  filename: string
  /** The part's media type, e.g. `image/png` (what the client says: check the bytes if it matters). */
  mimetype: string
  /** Size in bytes (`buffer.length`). */
  size: number
  /** The file's content. */
  buffer: Buffer
}

/**
 * Limits of one multipart file field (a value of the route option `files`). Defaults:
 * `CORE_DEFAULTS.file`.
 *
 * @example
 * \@Post('/books/:id/cover', { files: { cover: { types: ['image/png', 'image/jpeg'], maxSize: 2 * 1024 * 1024 } } })
 */
export interface FileFieldOptions {
  /**
   * Accepted media types of the part (`image/png`, or a wildcard subtype `image/*`); another type
   * answers 415. Default: any type.
   */
  types?: readonly string[]
  /**
   * Largest accepted file in bytes: a file of exactly `maxSize` bytes is accepted, one byte more
   * answers 413. It bounds the memory one file takes. Default: 1 MiB (1048576).
   */
  maxSize?: number
  /**
   * Most files accepted in this field (more answer 413). Default: 1 for a field read with
   * `@File(name)`, 10 for one read with `@Files(name)`; `@File(name)` needs it to be 1.
   */
  maxCount?: number
  /**
   * Whether the request must carry a (non-empty) file in this field; a missing one fails validation
   * like a missing form field, naming the field. Default: `true`.
   */
  required?: boolean
}

/** Request property holding the uploaded files by field (Symbol.for: read by any copy of core). */
export const FILES_KEY: unique symbol = Symbol.for('portico.core.files') as never

/** The uploaded files of a request, by field name (fields without a file are absent). */
export type FilesByField = Record<string, UploadedFile[]>

/**
 * The uploaded files of `request`, by field (`{}` on a route without `files`).
 *
 * @example
 * const covers = uploadedFiles(request).cover ?? []
 */
export function uploadedFiles(request: FastifyRequest): FilesByField {
  return ((request as unknown as Record<symbol, FilesByField | undefined>)[FILES_KEY] ?? {}) as FilesByField
}

function fieldName(decorator: string, name: unknown): string {
  if (typeof name !== 'string' || name === '') {
    throw new PORTICO_ERR_CORE_PARAM_INVALID(decorator, 0, 'needs a multipart field name')
  }
  return name
}

/**
 * Injects the file uploaded in multipart field `name` (`undefined` when the field is optional and
 * absent). The route's `files` option must declare the field, with `maxCount` 1 (the default).
 *
 * @example
 * \@Post('/avatar', { files: { avatar: { types: ['image/*'], maxSize: 512 * 1024 } } })
 * avatar(@File('avatar') file: UploadedFile) { return { size: file.size } }
 */
export function File(name: string): ParameterDecorator {
  return paramDecorator('file', `@File('${name}')`, fieldName('@File()', name))
}

/**
 * Injects every file uploaded in multipart field `name` (an array, empty when none). The route's
 * `files` option must declare the field; `maxCount` bounds the array (default 10).
 *
 * @example
 * \@Post('/photos', { files: { photos: { types: ['image/jpeg'], maxCount: 5 } } })
 * photos(@Files('photos') photos: UploadedFile[]) { return { count: photos.length } }
 */
export function Files(name: string): ParameterDecorator {
  return paramDecorator('files', `@Files('${name}')`, fieldName('@Files()', name))
}
