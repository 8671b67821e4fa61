// Type tests of createApp's errorFormat (issue 12): the two formats only, set on createApp (the
// openapi group takes it from there), and the error body schemas typed for a response map.
import { Type } from '@sinclair/typebox'
import {
  APP_DEFAULTS,
  createApp,
  createSubApp,
  type ErrorFormat,
  errorResponseSchema,
  validationErrorSchema,
  validationErrorStatus,
} from 'portico'

createApp({ errorFormat: 'fastapi' })
createApp({ errorFormat: 'fastify' })
// @ts-expect-error not a format
createApp({ errorFormat: 'json' })
// @ts-expect-error the document's format is the app's: createApp sets it
createApp({ openapi: { errorFormat: 'fastapi' } })
// @ts-expect-error a mount answers in the app's format
createSubApp({ openapi: { errorFormat: 'fastapi' } })

const format: ErrorFormat = APP_DEFAULTS.createApp.errorFormat
const status: 400 | 422 = validationErrorStatus(format)
// @ts-expect-error 400 or 422 only
const wrong: 404 = validationErrorStatus('fastapi')
const bodies: Record<string, unknown>[] = [errorResponseSchema(format), validationErrorSchema('fastapi')]
// A controller's response map takes TypeBox schemas: Type.Unsafe gives the body its static type.
const NotFoundBody = Type.Unsafe<{ detail: string }>(errorResponseSchema('fastapi'))
const detail: string = (null as unknown as typeof NotFoundBody.static).detail

export { bodies, detail, status, wrong }
