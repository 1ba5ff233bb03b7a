/** @aimesh/engine/testing: test doubles for the engine's ports (not part of the public index). */

export { derivedDigestCounters } from '../engine/derived-digest.js'
export { MemoryEngineStore } from './memory-engine-store.js'
