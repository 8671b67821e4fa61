/**
 * One cookie of a `Cookie` header, parsed as the `cookie` package (@fastify/cookie's parser) does:
 * pairs split at `;`, names and values trimmed, the first of a repeated name wins, surrounding
 * double quotes dropped, `%XX` escapes decoded (the raw value when they do not decode). Used when
 * @fastify/cookie is not registered: its exported `parse` needs the plugin to have loaded its
 * parser first, and the `cookie` package is not core's dependency.
 *
 * @example
 * cookieFromHeader('theme=dark; session=a%20b', 'session') // 'a b'
 */
export function cookieFromHeader(header: string, name: string): string | undefined {
  for (const pair of header.split(';')) {
    const equals = pair.indexOf('=')
    if (equals === -1 || pair.slice(0, equals).trim() !== name) continue
    let value = pair.slice(equals + 1).trim()
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1)
    if (!value.includes('%')) return value
    try {
      return decodeURIComponent(value)
    } catch {
      return value
    }
  }
  return undefined
}
