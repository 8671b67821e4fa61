// RFC 6266 / RFC 8187: a `filename` parameter every client reads (printable ASCII, quoted) and, when
// the name needs more, a `filename*` that modern clients prefer (UTF-8, percent-encoded).

// attr-char of RFC 8187: what `filename*` may carry unencoded.
const ATTR_CHAR = /^[A-Za-z0-9!#$&+\-.^_`|~]$/
// In the quoted fallback: no control characters (CR/LF would end the header), no `"` or `\` (they
// would end or escape the quoted string), no `%` (some clients decode it), no path separators.
const UNSAFE_IN_QUOTES = /[^\x20-\x7e]|["\\%/]/g

function percentEncode(name: string): string {
  let out = ''
  for (const byte of Buffer.from(name, 'utf8')) {
    const char = String.fromCharCode(byte)
    out += byte < 0x80 && ATTR_CHAR.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`
  }
  return out
}

/**
 * A `Content-Disposition` value for a download named `filename`, safe whatever the name holds: an
 * ASCII fallback in `filename="..."` (unsafe characters become `_`), plus `filename*=UTF-8''...`
 * when the fallback differs from the name.
 *
 * @example
 * contentDisposition('report.pdf')           // 'attachment; filename="report.pdf"'
 * contentDisposition('résumé.pdf')           // `attachment; filename="r_sum_.pdf"; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf`
 * contentDisposition(undefined, 'inline')    // 'inline'
 */
export function contentDisposition(
  filename: string | undefined,
  type: 'attachment' | 'inline' = 'attachment',
): string {
  if (filename === undefined) return type
  const fallback = filename.replace(UNSAFE_IN_QUOTES, '_')
  if (fallback === filename) return `${type}; filename="${filename}"`
  return `${type}; filename="${fallback}"; filename*=UTF-8''${percentEncode(filename)}`
}
