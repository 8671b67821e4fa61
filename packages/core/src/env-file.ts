import { PORTICO_ERR_CORE_SETTINGS_ENV_FILE_INVALID } from './errors.js'

// A `.env` file as python-dotenv (and so FastAPI's pydantic-settings) reads it: `KEY=value` lines,
// `export KEY=value`, `#` comments (whole lines, or after an unquoted value and a space), single
// quotes (literal), double quotes (\n, \t, \", \\ escapes), both of which may span lines. A line
// that is none of these fails naming the file and line: a typo must not silently drop a setting.

const KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/
const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' }

/** Reads a quoted value starting at `text[start]` (the quote); returns it and the index after it. */
function quoted(text: string, start: number, fail: (why: string) => never): [string, number] {
  const quote = text[start]!
  let value = ''
  for (let i = start + 1; i < text.length; i++) {
    const char = text[i]!
    if (char === quote) return [value, i + 1]
    if (quote === '"' && char === '\\' && i + 1 < text.length) {
      const next = text[i + 1]!
      value += ESCAPES[next] ?? `\\${next}`
      i++
    } else {
      value += char
    }
  }
  return fail(`unterminated ${quote} quote`)
}

/**
 * Parses the text of an env file into its variables (later lines win). `file` names it in errors.
 *
 * @example
 * parseEnvFile('# db\nexport DB_URL="postgres://x"\nDEBUG=1 # on\n', '.env')
 * // { DB_URL: 'postgres://x', DEBUG: '1' }
 */
export function parseEnvFile(text: string, file: string): Record<string, string> {
  const values: Record<string, string> = {}
  let i = 0
  let line = 1
  while (i < text.length) {
    const startLine = line
    const fail = (why: string): never => {
      throw new PORTICO_ERR_CORE_SETTINGS_ENV_FILE_INVALID(file, startLine, why)
    }
    let end = text.indexOf('\n', i)
    if (end === -1) end = text.length
    const raw = text.slice(i, end).replace(/\r$/, '')
    const trimmed = raw.trim()
    if (trimmed === '' || trimmed.startsWith('#')) {
      i = end + 1
      line++
      continue
    }
    const statement = trimmed.replace(/^export\s+/, '')
    const equals = statement.indexOf('=')
    if (equals === -1) fail('expected KEY=value')
    const key = statement.slice(0, equals).trim()
    if (!KEY.test(key)) fail(`invalid variable name ${JSON.stringify(key)}`)
    // Where the value starts in `text` (quoted values may run past this line).
    const valueStart = i + raw.indexOf(statement) + equals + 1
    let cursor = valueStart
    while (text[cursor] === ' ' || text[cursor] === '\t') cursor++
    if (text[cursor] === '"' || text[cursor] === "'") {
      const [value, after] = quoted(text, cursor, fail)
      values[key] = value
      line += text.slice(cursor, after).split('\n').length - 1
      let rest = text.indexOf('\n', after)
      if (rest === -1) rest = text.length
      const tail = text.slice(after, rest).trim()
      if (tail !== '' && !tail.startsWith('#'))
        fail(`unexpected ${JSON.stringify(tail)} after the quoted value`)
      i = rest + 1
      line++
      continue
    }
    const unquoted = text.slice(cursor, end).replace(/\r$/, '')
    const comment = unquoted.search(/\s#/)
    values[key] = (comment === -1 ? unquoted : unquoted.slice(0, comment)).trim()
    i = end + 1
    line++
  }
  return values
}
