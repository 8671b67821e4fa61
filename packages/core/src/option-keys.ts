/**
 * The first own key of `options` that `defaults` does not have (and `ignored` does not list), so a
 * typo'd option fails at startup instead of being silently dropped.
 */
export function unknownKey(
  options: object,
  defaults: object,
  ignored: ReadonlySet<string> = new Set(),
): string | undefined {
  return Object.keys(options).find((key) => !Object.hasOwn(defaults, key) && !ignored.has(key))
}

/** The known keys of an options object, for messages: `body, querystring, params`. */
export function knownKeys(defaults: object): string {
  return Object.keys(defaults).join(', ')
}
