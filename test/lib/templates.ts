import { readFileSync } from 'node:fs'

/**
 * Reads a proxy config template and replaces every `{{NAME}}` with `values[NAME]`. A placeholder
 * without a value is an error (a half-filled config would fail far from the cause).
 */
export function renderTemplate(path: string, values: Record<string, string | number>): string {
  const text = readFileSync(path, 'utf8')
  return text.replace(/\{\{([A-Z0-9_]+)\}\}/g, (_whole, key: string) => {
    const value = values[key]
    if (value === undefined) throw new Error(`${path}: no value for placeholder {{${key}}}`)
    return String(value)
  })
}
