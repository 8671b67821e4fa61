import { PORTICO_ERR_APP_OPTION_INVALID, PORTICO_ERR_APP_OPTION_UNKNOWN } from './errors.js'

/**
 * Rejects anything but a plain object, and any key that `defaults` does not have, naming the key
 * and the known ones: a typo'd option must fail at startup, not be silently ignored.
 */
export function checkOptionKeys(options: unknown, defaults: object, where: string): void {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new PORTICO_ERR_APP_OPTION_INVALID('options', `${where}(options) takes an object`)
  }
  const known = Object.keys(defaults)
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) throw new PORTICO_ERR_APP_OPTION_UNKNOWN(where, key, known.join(', '))
  }
}

/** Checks that `value` (when given) is an array of functions: controller classes. */
export function checkClassList(value: unknown, name: string): void {
  if (value === undefined) return
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'function')) {
    throw new PORTICO_ERR_APP_OPTION_INVALID(name, 'expected an array of classes')
  }
}
