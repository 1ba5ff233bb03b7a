/**
 * JSON views of records for the API and CLI (docs/api.md): bytes as lowercase hex, bigints (uint64
 * amounts) as decimal strings, everything else as is.
 */
import { toHex } from '@aimesh/protocol'

/** The JSON form of a value. */
export type Json = string | number | boolean | null | Json[] | { [k: string]: Json }

/** Converts records (protobuf-decoded objects) to plain JSON. */
export function toJson(value: unknown): Json {
  if (value instanceof Uint8Array) return toHex(value)
  if (typeof value === 'bigint') return value.toString()
  if (Array.isArray(value)) return value.map(toJson)
  if (value instanceof Map)
    return Object.fromEntries([...value.entries()].map(([k, v]) => [String(k), toJson(v)]))
  if (value !== null && typeof value === 'object') {
    const out: Record<string, Json> = {}
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toJson(v)
    return out
  }
  if (value === undefined) return null
  return value as Json
}
