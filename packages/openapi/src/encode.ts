const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/**
 * Escapes text for an HTML text node or a quoted attribute value.
 *
 * @example
 * escapeHtml('<b title="x">') // '&lt;b title=&quot;x&quot;&gt;'
 */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]!)
}

/**
 * JSON that is safe inside an inline `<script>`: `<`, `>`, `&` and the JavaScript line terminators
 * U+2028/U+2029 are written as `\uXXXX` escapes, so no value can close the script element, open a
 * comment or break the statement. The result is still valid JSON and a valid JS expression.
 *
 * @example
 * `<script>const config = ${jsonForScript({ title: '</script>' })}</script>` // {"title":"\u003c/script\u003e"}
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  )
}
