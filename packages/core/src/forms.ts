import { errorCodes, type FastifyReply, type FastifyRequest } from 'fastify'
import { PORTICO_ERR_CORE_PARAM_INVALID } from './errors.js'
import type { FileFieldOptions } from './files.js'
import { paramDecorator } from './params.js'

// Form fields: `@Form()` / `@Form(name)` and the route option `form`. The form schema is the route's
// body schema (Fastify validates and coerces it as it does a query string: `year=2001` becomes
// 2001), documented with the form media types instead of JSON. Routes with `files` get a multipart
// body schema: the form fields plus one `format: binary` property per file field.

/** The media types of form bodies. */
export const URLENCODED = 'application/x-www-form-urlencoded'
export const MULTIPART = 'multipart/form-data'

/**
 * Injects the validated form fields (urlencoded or multipart) as an object. The route must declare a
 * `form` schema.
 *
 * @example
 * const Login = Type.Object({ username: Type.String(), password: Type.String() })
 * \@Post('/login', { form: Login })
 * login(@Form() form: Static<typeof Login>) {}
 */
export function Form(): ParameterDecorator
/**
 * Injects one validated form field. The route's `form` schema must declare `name`.
 *
 * @example
 * \@Post('/books', { form: Type.Object({ title: Type.String(), year: Type.Integer() }) })
 * create(@Form('title') title: string, @Form('year') year: number) {}
 */
export function Form(name: string): ParameterDecorator
export function Form(name?: string): ParameterDecorator {
  if (name === undefined) return paramDecorator('form', '@Form()')
  if (typeof name !== 'string' || name === '') {
    throw new PORTICO_ERR_CORE_PARAM_INVALID('@Form()', 0, 'needs a field name (or none, for every field)')
  }
  return paramDecorator('formField', `@Form('${name}')`, name)
}

type Schema = Record<string, unknown>

/** The documented (and validated) schema of one file field. */
function fileSchema(options: Pick<FileFieldOptions, 'types'>, many: boolean, maxCount: number): Schema {
  const types = options.types ?? []
  // OpenAPI 3.1: a binary string; `contentMediaType` says which type when there is only one.
  const one: Schema = { type: 'string', format: 'binary' }
  if (types.length === 1 && !types[0]!.endsWith('/*')) one.contentMediaType = types[0]
  if (!many) return one
  return { type: 'array', items: one, maxItems: maxCount }
}

/** One file field as planned: its options with defaults, and whether it holds an array. */
export interface PlannedFileField {
  name: string
  types: readonly string[] | undefined
  maxSize: number
  maxCount: number
  required: boolean
  many: boolean
}

/**
 * The body schema of a form route: `form` itself without files, else an object schema with the
 * form's properties and the file fields (required ones in `required`). A new object: the form model
 * may be shared, and keeps its `$id`.
 */
export function formBodySchema(form: Schema | undefined, files: readonly PlannedFileField[]): Schema {
  if (files.length === 0) return form!
  const { $id: _id, ...base } = form ?? {}
  const properties: Schema = { ...(base.properties as Schema | undefined) }
  const required = [...((base.required as string[] | undefined) ?? [])]
  for (const file of files) {
    properties[file.name] = fileSchema(file, file.many, file.maxCount)
    if (file.required) required.push(file.name)
  }
  return { ...base, type: 'object', properties, ...(required.length > 0 ? { required } : {}) }
}

/**
 * The OpenAPI Encoding Objects of the file fields that restrict their types
 * (`{ cover: { contentType: 'image/png, image/jpeg' } }`): where clients and Swagger UI read which
 * media types a multipart part may have. `undefined` when no field restricts them.
 */
export function multipartEncoding(files: readonly PlannedFileField[]): Schema | undefined {
  const restricted = files.filter((f) => f.types !== undefined)
  if (restricted.length === 0) return undefined
  return Object.fromEntries(restricted.map((f) => [f.name, { contentType: f.types!.join(', ') }]))
}

/**
 * The route's `openapi` fields with the multipart `encoding` added under its request body, the
 * route's own fields kept over it (a new object: the route's may be shared).
 */
export function withEncoding(openapi: Schema | undefined, encoding: Schema): Schema {
  const own = openapi ?? {}
  const requestBody = (own.requestBody ?? {}) as Schema
  const content = (requestBody.content ?? {}) as Schema
  const media = (content[MULTIPART] ?? {}) as Schema
  const merged = { ...media, encoding: { ...encoding, ...(media.encoding as Schema | undefined) } }
  return { ...own, requestBody: { ...requestBody, content: { ...content, [MULTIPART]: merged } } }
}

/** The media type of a Content-Type header: `application/x-www-form-urlencoded; charset=utf-8` -> its first part. */
function mediaTypeOf(header: string): string {
  const semicolon = header.indexOf(';')
  return (semicolon === -1 ? header : header.slice(0, semicolon)).trim().toLowerCase()
}

/**
 * The onRequest hook of a form route: a body of another media type than the route's answers 415
 * with Fastify's own error (`FST_ERR_CTP_INVALID_MEDIA_TYPE`), before anything parses it. (The
 * application's JSON parser stays registered for the other routes of its context.) A request
 * without Content-Type is left to validation, which reports the missing body.
 */
export function mediaTypeHook(accepted: readonly string[]) {
  return function checkMediaType(
    request: FastifyRequest,
    _reply: FastifyReply,
    done: (error?: Error) => void,
  ) {
    const header = request.headers['content-type']
    if (header === undefined || accepted.includes(mediaTypeOf(header))) return done()
    done(new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE(mediaTypeOf(header)))
  }
}
