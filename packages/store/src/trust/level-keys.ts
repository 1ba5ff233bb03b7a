/**
 * Binary key layout of the level backend. Buckets are one byte and never reused once retired;
 * numbers are big-endian so range scans come out in time order (STYLE.md, Lodestar buckets).
 *
 *   trust keyspace:        0x00 meta-name            → JSON
 *                          0x01 account              → score JSON
 *   trustUpdates keyspace: 0x01 account ts(8) seq(8) → update JSON
 *                          0x02 ts(8) seq(8)         → primary update key   (since schema v2)
 */
export const BUCKET_META = 0x00
export const BUCKET_SCORE = 0x01
export const BUCKET_UPDATE = 0x01
export const BUCKET_UPDATE_BY_TIME = 0x02

/** Meta record names. */
export type MetaName = 'schemaVersion' | 'nextSeq' | 'lastBackupAt'

const utf8 = new TextEncoder()
const utf8Decode = new TextDecoder()
const CANONICAL_HEX_KEY = /^[0-9a-f]{64}$/
// Account key tags: a canonical 32-byte hex id is stored as its raw bytes (fixed width), any
// other id as length-prefixed UTF-8, so every account key is self-delimiting.
const TAG_ED25519 = 0x00
const TAG_STRING = 0x01

/** Concatenates byte arrays. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

/** Self-delimiting key bytes of an account id. */
export function accountKey(account: string): Uint8Array {
  if (CANONICAL_HEX_KEY.test(account)) {
    return concatBytes(Uint8Array.of(TAG_ED25519), Buffer.from(account, 'hex'))
  }
  const bytes = utf8.encode(account)
  const out = new Uint8Array(3 + bytes.length)
  out[0] = TAG_STRING
  new DataView(out.buffer).setUint16(1, bytes.length)
  out.set(bytes, 3)
  return out
}

/** 8-byte big-endian encoding of a non-negative safe integer. */
export function u64(value: number): Uint8Array {
  const out = new Uint8Array(8)
  new DataView(out.buffer).setBigUint64(0, BigInt(value))
  return out
}

/** Reads an 8-byte big-endian number at `offset`. */
export function readU64(bytes: Uint8Array, offset: number): number {
  return Number(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(offset))
}

/** Key of a meta record. */
export function metaKey(name: MetaName): Uint8Array {
  return concatBytes(Uint8Array.of(BUCKET_META), utf8.encode(name))
}

/** Key of an account's score. */
export function scoreKey(account: string): Uint8Array {
  return concatBytes(Uint8Array.of(BUCKET_SCORE), accountKey(account))
}

/** Prefix of every update key of one account. */
export function updatePrefix(account: string): Uint8Array {
  return concatBytes(Uint8Array.of(BUCKET_UPDATE), accountKey(account))
}

/** Key of one update; `seq` orders updates with equal timestamps. */
export function updateKey(account: string, timestamp: number, seq: number): Uint8Array {
  return concatBytes(updatePrefix(account), u64(timestamp), u64(seq))
}

/** Key of an update in the by-time index. */
export function updateByTimeKey(timestamp: number, seq: number): Uint8Array {
  return concatBytes(Uint8Array.of(BUCKET_UPDATE_BY_TIME), u64(timestamp), u64(seq))
}

/** The (timestamp, seq) an update key ends with. */
export function updateKeyOrder(key: Uint8Array): { timestamp: number; seq: number } {
  return { timestamp: readU64(key, key.length - 16), seq: readU64(key, key.length - 8) }
}

/** The whole range of a one-byte bucket. */
export function bucketRange(bucket: number): { gte: Uint8Array; lt: Uint8Array } {
  return { gte: Uint8Array.of(bucket), lt: Uint8Array.of(bucket + 1) }
}

/** JSON value bytes. */
export function encodeJson(value: unknown): Uint8Array {
  return utf8.encode(JSON.stringify(value))
}

/** Parses JSON value bytes. */
export function decodeJson(bytes: Uint8Array): unknown {
  return JSON.parse(utf8Decode.decode(bytes))
}
