/** The plain layout of a backup data file: repeated `u32 keyLen ‖ key ‖ u32 valueLen ‖ value`. */
import { StoreError } from '../errors.js'

/** Serializes entries. */
export function encodeEntries(entries: [Uint8Array, Uint8Array][]): Buffer {
  let size = 0
  for (const [k, v] of entries) size += 8 + k.length + v.length
  const out = Buffer.allocUnsafe(size)
  let o = 0
  for (const [k, v] of entries) {
    out.writeUInt32BE(k.length, o)
    out.set(k, o + 4)
    o += 4 + k.length
    out.writeUInt32BE(v.length, o)
    out.set(v, o + 4)
    o += 4 + v.length
  }
  return out
}

/** Parses entries; BACKUP_CORRUPT if the bytes are truncated or malformed. */
export function decodeEntries(bytes: Uint8Array, file: string): [Uint8Array, Uint8Array][] {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const out: [Uint8Array, Uint8Array][] = []
  let o = 0
  const take = (): Uint8Array => {
    if (o + 4 > buf.length) throw truncated(file)
    const n = buf.readUInt32BE(o)
    if (o + 4 + n > buf.length) throw truncated(file)
    const part = new Uint8Array(buf.subarray(o + 4, o + 4 + n))
    o += 4 + n
    return part
  }
  while (o < buf.length) {
    const k = take()
    out.push([k, take()])
  }
  return out
}

function truncated(file: string): StoreError {
  return new StoreError('BACKUP_CORRUPT', `backup file ${file} is truncated or malformed; use another backup`)
}
