/**
 * A state export as a file (DESIGN §5.6: a new node starts from a certified checkpoint's state): a
 * header line naming the format and the exporter's metadata (JSON), then one frame per record —
 * u8 column index, u32 key length, key, u32 value length, value (big-endian) — streamed both ways,
 * so an export of any size never sits whole in memory.
 */

import { once } from 'node:events'
import { createReadStream, createWriteStream } from 'node:fs'
import { COLUMN_NAMES, type ColumnName } from './columns.js'
import { StoreError } from './errors.js'
import type { StateRecord } from './history.js'

/** First bytes of a state file. */
const MAGIC = 'aimesh-state/1\n'

/** Writes `header` (JSON-able) and the records to `path` (created; an existing file is replaced). */
export async function writeStateFile(
  path: string,
  header: unknown,
  records: AsyncIterable<StateRecord>,
): Promise<number> {
  const out = createWriteStream(path)
  const write = async (chunk: Uint8Array | string) => {
    if (!out.write(chunk)) await once(out, 'drain')
  }
  let n = 0
  try {
    await write(MAGIC)
    await write(`${JSON.stringify(header)}\n`)
    for await (const r of records) {
      const frame = new Uint8Array(9 + r.key.length + r.value.length)
      const view = new DataView(frame.buffer)
      frame[0] = COLUMN_NAMES.indexOf(r.column)
      view.setUint32(1, r.key.length)
      frame.set(r.key, 5)
      view.setUint32(5 + r.key.length, r.value.length)
      frame.set(r.value, 9 + r.key.length)
      await write(frame)
      n++
    }
  } finally {
    out.end()
    await once(out, 'close')
  }
  return n
}

/** Reads a state file: its header, and its records as a stream (read once). */
export async function readStateFile(
  path: string,
): Promise<{ header: unknown; records: AsyncIterable<StateRecord> }> {
  const chunks = createReadStream(path)[Symbol.asyncIterator]()
  let buffer = new Uint8Array(0)
  const more = async (): Promise<boolean> => {
    const next = await chunks.next()
    if (next.done === true) return false
    const joined = new Uint8Array(buffer.length + (next.value as Buffer).length)
    joined.set(buffer)
    joined.set(next.value as Buffer, buffer.length)
    buffer = joined
    return true
  }
  const corrupt = (what: string) =>
    new StoreError('BACKUP_CORRUPT', `state file ${path} is not a whole aimesh state export: ${what}`)
  const line = async (): Promise<string> => {
    for (;;) {
      const at = buffer.indexOf(0x0a)
      if (at >= 0) {
        const text = new TextDecoder().decode(buffer.subarray(0, at))
        buffer = buffer.subarray(at + 1)
        return text
      }
      if (!(await more())) throw corrupt('the header ends early')
    }
  }
  if (`${await line()}\n` !== MAGIC) throw corrupt(`it does not start with ${JSON.stringify(MAGIC)}`)
  const header: unknown = JSON.parse(await line())
  async function* records(): AsyncIterable<StateRecord> {
    for (;;) {
      if (buffer.length === 0 && !(await more())) return
      while (buffer.length < 5) if (!(await more())) throw corrupt('a record is cut short')
      const view = () => new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength)
      const column: ColumnName | undefined = COLUMN_NAMES[buffer[0]!]
      if (column === undefined) throw corrupt(`unknown column index ${buffer[0]}`)
      const keyLength = view().getUint32(1)
      while (buffer.length < 9 + keyLength) if (!(await more())) throw corrupt('a record is cut short')
      const valueLength = view().getUint32(5 + keyLength)
      const size = 9 + keyLength + valueLength
      while (buffer.length < size) if (!(await more())) throw corrupt('a record is cut short')
      yield {
        column,
        key: buffer.slice(5, 5 + keyLength),
        value: buffer.slice(9 + keyLength, size),
      }
      buffer = buffer.subarray(size)
    }
  }
  return { header, records: records() }
}
