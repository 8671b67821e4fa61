/**
 * The first own key of `options` that `defaults` does not have (and `ignored` does not list), so a
 * typo'd option fails at startup instead of being silently dropped.
 */
export function unknownKey(
  options: object,
  defaults: object,
  ignored?: ReadonlySet<string>,
): string | undefined {
  // A loop, not keys().find(): this runs for every route and controller at startup.
  const keys = Object.keys(options)
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!
    if (!Object.hasOwn(defaults, key) && ignored?.has(key) !== true) return key
  }
  return undefined
}

/** The known keys of an options object, for messages: `body, querystring, params`. */
export function knownKeys(defaults: object): string {
  return Object.keys(defaults).join(', ')
}
