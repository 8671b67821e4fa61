// `--log-format pretty` (the default on a terminal): each pino JSON line as one readable line, in
// the spirit of pino-pretty and of uvicorn's access log, without a dependency:
//   12:00:01.123 INFO  req-1 127.0.0.1 "GET /api/v1/app" 200 0.41 ms
//   12:00:02.456 ERROR req-2 something failed {"err":{"type":"Error",...}}

const LEVEL_NAMES: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO ',
  40: 'WARN ',
  50: 'ERROR',
  60: 'FATAL',
}

/** pino's fields the line shows in its own place rather than in the trailing JSON. */
const SHOWN = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'reqId'])
const ACCESS = ['method', 'url', 'statusCode', 'responseTime', 'remoteAddress']

const pad = (n: number, width = 2) => String(n).padStart(width, '0')

function clock(time: unknown): string {
  const date = typeof time === 'number' ? new Date(time) : new Date()
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`
}

/**
 * One pino JSON line (with its newline) as a readable line; a line that is not a JSON object is
 * returned as it is.
 *
 * @example
 * prettyLine('{"level":30,"time":0,"reqId":"req-1","method":"GET","url":"/a","statusCode":200,"responseTime":0.4,"remoteAddress":"127.0.0.1","msg":"request completed"}\n')
 * // '00:00:00.000 INFO  req-1 127.0.0.1 "GET /a" 200 0.4 ms\n'
 */
export function prettyLine(line: string): string {
  let entry: Record<string, unknown>
  try {
    entry = JSON.parse(line) as Record<string, unknown>
  } catch {
    return line
  }
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return line
  const level = LEVEL_NAMES[entry.level as number] ?? String(entry.level).toUpperCase()
  const head = [clock(entry.time), level]
  if (entry.reqId !== undefined) head.push(String(entry.reqId))
  const isAccess = ACCESS.every((key) => entry[key] !== undefined)
  const rest: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(entry)) {
    if (!SHOWN.has(key) && !(isAccess && ACCESS.includes(key))) rest[key] = value
  }
  const body = isAccess
    ? `${entry.remoteAddress} "${entry.method} ${entry.url}" ${entry.statusCode} ${entry.responseTime} ms`
    : String(entry.msg ?? '')
  const extra = Object.keys(rest).length > 0 ? ` ${JSON.stringify(rest)}` : ''
  return `${head.join(' ')} ${body}${extra}\n`
}
