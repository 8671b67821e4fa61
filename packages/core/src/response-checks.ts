import { PORTICO_ERR_CORE_RESPONSE_INVALID, PORTICO_ERR_CORE_RESPONSE_OPTION_UNKNOWN } from './errors.js'
import { knownKeys, unknownKey } from './option-keys.js'

// Checks of the options of response declarations and response classes: a typo'd option
// (`fileName`, `keepalive`) fails where it is written instead of being ignored, and a value that
// cannot be sent fails when the object is made, not half-way through a response.

/**
 * Throws PORTICO_ERR_CORE_RESPONSE_OPTION_UNKNOWN when `options` has a key `defaults` does not
 * (the defaults' keys are the known ones), naming `what` (`FileResponse`, `html()`).
 */
export function checkResponseOptions(options: unknown, defaults: object, what: string): void {
  if (options === undefined) return
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new PORTICO_ERR_CORE_RESPONSE_INVALID(what, 'the options must be an object')
  }
  const unknown = unknownKey(options, defaults)
  if (unknown !== undefined)
    throw new PORTICO_ERR_CORE_RESPONSE_OPTION_UNKNOWN(unknown, what, knownKeys(defaults))
}

/** Throws PORTICO_ERR_CORE_RESPONSE_INVALID unless `status` is undefined or an integer in `min`-`max`. */
export function checkStatus(status: unknown, what: string, min = 100, max = 599): void {
  if (status === undefined) return
  if (!Number.isInteger(status) || (status as number) < min || (status as number) > max) {
    const expected = min === 300 ? 'a 3xx redirect status' : `an integer from ${min} to ${max}`
    throw new PORTICO_ERR_CORE_RESPONSE_INVALID(what, `the status must be ${expected}, got ${String(status)}`)
  }
}

/** Throws PORTICO_ERR_CORE_RESPONSE_INVALID unless `value` is undefined or a number >= 0. */
export function checkNonNegative(value: unknown, option: string, what: string): void {
  if (value === undefined) return
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new PORTICO_ERR_CORE_RESPONSE_INVALID(
      what,
      `\`${option}\` must be a number >= 0, got ${String(value)}`,
    )
  }
}
