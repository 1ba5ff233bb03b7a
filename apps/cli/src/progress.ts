/**
 * Progress bars for long work (DESIGN §1: sync, backup, restore) with cli-progress on a terminal;
 * silent when output is JSON or not a TTY, so scripts and logs get no control characters.
 */
import cliProgress from 'cli-progress'
import type { Io } from './output.js'

export interface Progress {
  update(done: number, total?: number): void
  stop(): void
}

const silent: Progress = { update() {}, stop() {} }

export function progressBar(io: Io, json: boolean, label: string): Progress {
  if (json || !io.isTTY) return silent
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {percentage}% {value}/{total}`, hideCursor: true, clearOnComplete: false },
    cliProgress.Presets.shades_classic,
  )
  let started = false
  return {
    update(done, total) {
      if (!started) {
        bar.start(total ?? done, done)
        started = true
      } else {
        if (total !== undefined) bar.setTotal(total)
        bar.update(done)
      }
    },
    stop() {
      if (started) bar.stop()
    },
  }
}
