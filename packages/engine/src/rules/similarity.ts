/**
 * Near-duplicate detection: Jaccard similarity over character 3-gram shingles, estimated with a
 * bottom-k MinHash sketch so comparing two answers costs O(k) whatever their size.
 */

/** Shingle width in characters (brief: character 3-grams). */
export const SHINGLE_SIZE = 3

/**
 * Sketch size k. Answers with at most k distinct shingles are compared exactly; larger ones are
 * estimated with a standard error of about sqrt(J(1−J)/k) ≤ 0.022, small next to the 0.15 margin
 * between the 0.85 threshold and identity.
 */
export const SKETCH_SIZE = 512

/** Only this many leading characters are shingled, bounding the cost of one sketch. */
export const MAX_SHINGLED_CHARS = 262_144

/** A bottom-k sketch: the k smallest distinct shingle hashes, ascending. */
export type ShingleSketch = Uint32Array

/** Lowercases and collapses whitespace so formatting changes do not hide a copy. */
export function normalizeAnswer(text: string): string {
  return text.slice(0, MAX_SHINGLED_CHARS).toLowerCase().replace(/\s+/g, ' ').trim()
}

/** 32-bit FNV-1a over the UTF-16 code units of text[start, end). */
function fnv1a(text: string, start: number, end: number): number {
  let h = 0x811c9dc5
  for (let i = start; i < end; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

/** The bottom-k sketch of an answer's 3-gram shingles (a text shorter than 3 is one shingle). */
export function shingleSketch(text: string): ShingleSketch {
  const norm = normalizeAnswer(text)
  if (norm.length === 0) return new Uint32Array(0)
  const count = Math.max(norm.length - SHINGLE_SIZE + 1, 1)
  const hashes = new Uint32Array(count)
  for (let i = 0; i < count; i++) hashes[i] = fnv1a(norm, i, Math.min(i + SHINGLE_SIZE, norm.length))
  hashes.sort()
  const out: number[] = []
  for (let i = 0; i < hashes.length && out.length < SKETCH_SIZE; i++) {
    if (i === 0 || hashes[i] !== hashes[i - 1]) out.push(hashes[i]!)
  }
  return Uint32Array.from(out)
}

/**
 * Estimated Jaccard similarity in [0, 1] of two sketches: of the k smallest hashes of the union,
 * the share present in both. Exact when the union has at most k shingles; 0 if either is empty.
 */
export function sketchSimilarity(a: ShingleSketch, b: ShingleSketch): number {
  if (a.length === 0 || b.length === 0) return 0
  let i = 0
  let j = 0
  let taken = 0
  let both = 0
  while (taken < SKETCH_SIZE && (i < a.length || j < b.length)) {
    const x = i < a.length ? a[i]! : Number.POSITIVE_INFINITY
    const y = j < b.length ? b[j]! : Number.POSITIVE_INFINITY
    if (x === y) {
      both++
      i++
      j++
    } else if (x < y) i++
    else j++
    taken++
  }
  return both / taken
}

/** Similarity of two answers (see sketchSimilarity). */
export function answerSimilarity(a: string, b: string): number {
  return sketchSimilarity(shingleSketch(a), shingleSketch(b))
}
