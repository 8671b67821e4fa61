/**
 * A URL that starts with a scheme (RFC 3986 `scheme ":"`): an absolute URL, never a path. One
 * pattern for every check in root-path that tells the two apart.
 *
 * @example
 * SCHEME.test('https://example.com/') // true
 * SCHEME.test('/api/v1')              // false
 */
export const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/
