/**
 * The generated protobuf types want `Uint8Array<ArrayBuffer>`; libp2p and the engine hand out plain
 * `Uint8Array` (ArrayBufferLike). Nothing in this package allocates a SharedArrayBuffer, so the
 * view is re-typed, not copied.
 */
export function plainBytes(u: Uint8Array): Uint8Array<ArrayBuffer> {
  return u as Uint8Array<ArrayBuffer>
}
