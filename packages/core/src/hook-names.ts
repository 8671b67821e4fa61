/**
 * Names of the Fastify route-level hooks Portico composes.
 *
 * @example
 * HOOK_NAMES.includes('preHandler') // true
 */
export const HOOK_NAMES = [
  'onRequest',
  'preParsing',
  'preValidation',
  'preHandler',
  'preSerialization',
  'onSend',
  'onResponse',
  'onError',
  'onTimeout',
  'onRequestAbort',
] as const

/**
 * One of {@link HOOK_NAMES}.
 *
 * @example
 * const name: HookName = 'onRequest'
 */
export type HookName = (typeof HOOK_NAMES)[number]
