/**
 * Near-duplicate detection: Jaccard similarity over word 3-shingles (Broder's w-shingling),
 * estimated with a bottom-k MinHash sketch so comparing two answers costs O(k) whatever their size.
 */

/**
 * Shingle width in words. Character 3-grams were the first idea, but long texts in one language
 * share most of their 3-grams (the alphabet saturates them): two unrelated 10,000-word texts scored
 * ≈ 0.86 in an experiment, over the threshold. Word 3-shingles kept such pairs near 0 while a light
 * edit (one changed word in twenty) still scores ≈ 0.75 and a pasted copy with a remark ≥ 0.9.
 */
export const SHINGLE_WORDS = 3

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

/** Lowercased letter/digit runs, so case, spacing and punctuation changes do not hide a copy. */
export function answerWords(text: string): string[] {
  return (
    text
      .slice(0, MAX_SHINGLED_CHARS)
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  )
}

/** 32-bit FNV-1a over the UTF-16 code units of a string. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

/** The bottom-k sketch of an answer's word 3-shingles (fewer than 3 words make one shingle). */
export function shingleSketch(text: string): ShingleSketch {
  const words = answerWords(text)
  if (words.length === 0) return new Uint32Array(0)
  const count = Math.max(words.length - SHINGLE_WORDS + 1, 1)
  const hashes = new Uint32Array(count)
  for (let i = 0; i < count; i++) hashes[i] = fnv1a(words.slice(i, i + SHINGLE_WORDS).join(' '))
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
