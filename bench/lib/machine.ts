/** Where the numbers were measured: printed above every table. */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import os from 'node:os'

export interface Machine {
  date: string
  cpu: string
  cores: number
  memoryGiB: number
  kernel: string
  node: string
  tools: string[]
}

function version(command: string, args: string[], pattern: RegExp): string | undefined {
  try {
    const out = execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
    return pattern.exec(out)?.[0]
  } catch (error) {
    const out = String((error as { stdout?: string }).stdout ?? '')
    return pattern.exec(out)?.[0]
  }
}

function cpuModel(): string {
  try {
    const info = readFileSync('/proc/cpuinfo', 'utf8')
    return /^model name\s*:\s*(.+)$/m.exec(info)?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown'
  } catch {
    return os.cpus()[0]?.model ?? 'unknown'
  }
}

export function describeMachine(extra: string[]): Machine {
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    cpu: cpuModel(),
    cores: os.availableParallelism(),
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    kernel: `${os.type()} ${os.release()}`,
    node: process.version,
    tools: [
      ...(version('wrk', ['--version'], /wrk [^\s]+/) ? [version('wrk', ['--version'], /wrk [^\s]+/)!] : []),
      ...extra,
    ],
  }
}
