/** Reading a server's CPU time and memory from /proc (Linux), the steadier signal on a noisy machine. */
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'

let clockTicks: number | undefined

/** Kernel clock ticks per second (utime/stime unit in /proc/<pid>/stat). */
export function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100
    } catch {
      clockTicks = 100
    }
  }
  return clockTicks
}

/**
 * CPU time of the process (all its threads), in microseconds: the sum of the threads' run time in
 * `/proc/<pid>/task/<tid>/schedstat` (nanoseconds), else utime + stime from `/proc/<pid>/stat`
 * (clock ticks, usually 10 ms: too coarse for one-second measurements).
 */
export function cpuMicros(pid: number): number {
  try {
    let ns = 0
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0])
    }
    if (Number.isFinite(ns) && ns > 0) return ns / 1000
  } catch {
    // no schedstat (kernel without CONFIG_SCHEDSTATS): fall back to ticks
  }
  return statCpuMicros(pid)
}

/** User + system CPU time of the process (all its threads) from /proc/<pid>/stat, in microseconds. */
export function statCpuMicros(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  // Fields after the command name (which may hold spaces) start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const utime = Number(fields[11])
  const stime = Number(fields[12])
  return ((utime + stime) * 1e6) / ticksPerSecond()
}

/** Resident set size of the process, in bytes. */
export function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)
  return match ? Number(match[1]) * 1024 : Number.NaN
}
