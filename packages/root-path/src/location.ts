import { SCHEME } from './scheme.js'

/**
 * The Location guard (design rule 10): whatever value a response carries as `Location`, what is sent is
 * a valid header value that no browser reads as another origin, unless it is an absolute URL with a
 * scheme, which is the sender's explicit choice and is left pointing where it points.
 *
 * It works on what a browser reads, the WHATWG URL parser's view: leading and trailing C0 controls and
 * spaces are dropped and ASCII tab, LF and CR are removed anywhere, so `\t//evil.com` and `/\t/evil.com`
 * are `//evil.com` to a browser. The guard does the same removals, so the check for a leading `//`, `/\`,
 * `\` runs on that view; the leading run of slashes becomes one `/`. The remaining C0 controls and
 * everything beyond `~` are percent-encoded (UTF-8), the C0 control percent-encode set that the URL
 * parser applies in every part of a URL, so encoding them never changes what the URL means, and NUL,
 * `\x0b` and the like no longer make Node refuse the header (a 500 `ERR_INVALID_CHAR`).
 */

// Anything that makes the value differ from what is sent: a leading `/` or `\` (checked separately),
// a C0 control or space at either end, a control or a non-ASCII character anywhere.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what the guard removes
const NEEDS_WORK = /^[\u0000-\u0020]|[\u0000-\u0020]$|[\u0000-\u001f\u007f-\uffff]/
// biome-ignore lint/suspicious/noControlCharactersInRegex: the WHATWG parser's leading/trailing trim
const EDGES = /^[\u0000-\u0020]+|[\u0000-\u0020]+$/g
const TAB_OR_NEWLINE = /[\t\n\r]/g
// biome-ignore lint/suspicious/noControlCharactersInRegex: the C0 control percent-encode set
const ENCODE = /[\u0000-\u001f\u007f-\u{10ffff}]/gu
const LEADING_SLASHES = /^[/\\]+/

/**
 * The `Location` value to send for `location`: the value itself when it is already safe (no work, no
 * allocation), else what a browser would read from it, with a leading run of `/` and `\` made one `/`
 * and controls and non-ASCII characters percent-encoded. An absolute URL with a scheme keeps its target.
 *
 * @example
 * safeLocation('/items?page=2')       // '/items?page=2'
 * safeLocation('/\t/evil.com')        // '/evil.com'
 * safeLocation(' //evil.com')         // '/evil.com'
 * safeLocation('/a\r\nSet-Cookie: x') // '/aSet-Cookie: x'
 * safeLocation('https://other.example/') // 'https://other.example/' (the sender's explicit choice)
 */
export function safeLocation(location: string): string {
  const first = location.charCodeAt(0)
  const slashFirst = first === 47 /* / */ || first === 92 /* \ */
  if (!NEEDS_WORK.test(location)) {
    if (!slashFirst) return location
    const second = location.charCodeAt(1)
    if (first === 47 && second !== 47 && second !== 92) return location
  }
  let value = location.replace(TAB_OR_NEWLINE, '').replace(EDGES, '')
  const lead = value.charCodeAt(0)
  if (lead === 92 || (lead === 47 && (value.charCodeAt(1) === 47 || value.charCodeAt(1) === 92))) {
    value = value.replace(LEADING_SLASHES, '/')
  }
  const encoded = value.replace(ENCODE, encodeChar)
  // Encoding can make a URL out of one the parser refuses (`x://\0/`: a NUL in a host is fatal, `%00`
  // is not). The browser would follow neither, so the encoded form is kept relative to this origin.
  if (encoded !== value && SCHEME.test(encoded) && parses(encoded) && !parses(value)) {
    return `./${encoded}`
  }
  return encoded
}

// Not URL.canParse: on Node 20 its optimised fast path answers false for valid Latin-1 inputs
// (`https:é/` once the function is hot), which a loop of requests reaches.
function parses(url: string): boolean {
  try {
    new URL(url)
    return true
  } catch {
    return false
  }
}

function encodeChar(char: string): string {
  const code = char.charCodeAt(0)
  if (code < 0x80) return `%${code.toString(16).toUpperCase().padStart(2, '0')}`
  try {
    return encodeURIComponent(char)
  } catch {
    return '%EF%BF%BD' // a lone surrogate: U+FFFD, as the URL parser makes it
  }
}
