/**
 * The JSON Schemas of the error bodies a Portico app answers, in either error format: Fastify's
 * default error handler (`'fastify'`) or FastAPI's (`'fastapi'`). Documentation code (the
 * validation responses, the security 401/403, a route's declared HTTP errors) uses these so the
 * document matches what the error handler sends.
 */

/** The shape of an app's error bodies: Fastify's `{ statusCode, code, error, message }` or FastAPI's `{ detail }`. */
export type ErrorFormat = 'fastify' | 'fastapi'

/** The error formats an app can choose (the `errorFormat` option). */
export const ERROR_FORMATS: readonly ErrorFormat[] = Object.freeze(['fastify', 'fastapi'])

/** A JSON Schema object (plain data, safe to clone into a document). */
export type JsonSchemaObject = Record<string, unknown>

const FASTIFY_ERROR = {
  type: 'object',
  title: 'HTTPError',
  description: 'The body of an HTTP error reply',
  required: ['statusCode', 'error', 'message'],
  properties: {
    statusCode: { type: 'integer', examples: [404] },
    code: { type: 'string', examples: ['FST_ERR_NOT_FOUND'] },
    error: { type: 'string', examples: ['Not Found'] },
    message: { type: 'string', examples: ['Route GET:/books/x not found'] },
  },
}

const FASTAPI_ERROR = {
  type: 'object',
  title: 'HTTPError',
  description: 'The body of an HTTP error reply',
  required: ['detail'],
  properties: { detail: { type: 'string', examples: ['Not Found'] } },
}

const FASTIFY_VALIDATION_ERROR = {
  type: 'object',
  title: 'ValidationError',
  description: "Fastify's reply to a request that fails schema validation",
  required: ['statusCode', 'error', 'message'],
  properties: {
    statusCode: { type: 'integer', const: 400 },
    code: { type: 'string', examples: ['FST_ERR_VALIDATION'] },
    error: { type: 'string', examples: ['Bad Request'] },
    message: { type: 'string', examples: ["querystring must have required property 'q'"] },
  },
}

// FastAPI's HTTPValidationError / ValidationError components, same titles and field names, so a
// client written against a FastAPI service reads these bodies unchanged.
const FASTAPI_VALIDATION_ERROR = {
  type: 'object',
  title: 'HTTPValidationError',
  description: 'The reply to a request that fails validation: one entry per failing field',
  required: ['detail'],
  properties: {
    detail: {
      type: 'array',
      title: 'Detail',
      maxItems: 100,
      items: {
        type: 'object',
        title: 'ValidationError',
        required: ['loc', 'msg', 'type'],
        properties: {
          loc: {
            type: 'array',
            title: 'Location',
            items: { anyOf: [{ type: 'string' }, { type: 'integer' }] },
            examples: [['body', 'isbn']],
          },
          msg: { type: 'string', title: 'Message', examples: ['field required'] },
          type: { type: 'string', title: 'Error Type', examples: ['value_error.missing'] },
        },
      },
    },
  },
}

/**
 * The JSON Schema of a non-validation HTTP error body (404, 401, 403, 413, ... and 5xx) in
 * `format`. Returns a fresh object each call (callers may put it in a document and mutate it).
 *
 * @example
 * responses['404'] = {
 *   description: 'Not Found',
 *   content: { 'application/json': { schema: errorResponseSchema('fastapi') } }, // { detail: string }
 * }
 */
export function errorResponseSchema(format: ErrorFormat): JsonSchemaObject {
  return structuredClone(format === 'fastapi' ? FASTAPI_ERROR : FASTIFY_ERROR)
}

/**
 * The JSON Schema of a validation error body in `format`: Fastify's 400
 * `{ statusCode, code, error, message }`, or FastAPI's 422 HTTPValidationError
 * `{ detail: [{ loc, msg, type }] }`. Returns a fresh object each call.
 *
 * @example
 * validationErrorSchema('fastapi').properties.detail // { type: 'array', items: { ...loc, msg, type } }
 */
export function validationErrorSchema(format: ErrorFormat): JsonSchemaObject {
  return structuredClone(format === 'fastapi' ? FASTAPI_VALIDATION_ERROR : FASTIFY_VALIDATION_ERROR)
}

/**
 * The status code of a validation error in `format`: 400 (Fastify) or 422 (FastAPI).
 *
 * @example
 * validationErrorStatus('fastapi') // 422
 */
export function validationErrorStatus(format: ErrorFormat): 400 | 422 {
  return format === 'fastapi' ? 422 : 400
}
