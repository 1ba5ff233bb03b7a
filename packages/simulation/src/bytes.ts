/** Byte helpers: protons' body types want `Uint8Array<ArrayBuffer>`, while ids come typed as plain `Uint8Array`. */

/** Bytes as the wire types want them. */
export type WireBytes = Uint8Array<ArrayBuffer>

/** The same bytes typed for a wire body (copied only when backed by a SharedArrayBuffer). */
export function wire(b: Uint8Array): WireBytes {
  return b.buffer instanceof ArrayBuffer ? (b as WireBytes) : Uint8Array.from(b)
}
