import type { EventBase } from './types.js'

/** Code-unit string comparison: locale independent, so every node sorts identically. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** Orders folded events by (time, id): the canonical replay order of DESIGN §5.1. */
export function compareEvents(a: EventBase, b: EventBase): number {
  return a.time - b.time || compareStrings(a.id, b.id)
}

/**
 * Events sorted by (time, id) with duplicate ids dropped. Ids are content hashes, so two events
 * with one id are the same event; keeping the first in canonical order keeps the fold a function
 * of the set, not of arrival order.
 */
export function canonicalEvents<E extends EventBase>(events: readonly E[], asOf: number): E[] {
  const sorted = events.filter((e) => e.time <= asOf).sort(compareEvents)
  const seen = new Set<string>()
  const out: E[] = []
  for (const event of sorted) {
    if (seen.has(event.id)) continue
    seen.add(event.id)
    out.push(event)
  }
  return out
}

/** Clamps `value` into [min, max]. */
export function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max)
}

/** Sum of numbers after sorting ascending, so float rounding never depends on input order. */
export function sortedSum(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b).reduce((acc, v) => acc + v, 0)
}

/** Unique strings, sorted. */
export function uniqueSorted(values: Iterable<string>): string[] {
  return [...new Set(values)].sort(compareStrings)
}

/** One day in milliseconds: the unit of the daily decay rates. */
export const DAY_MS = 86_400_000
