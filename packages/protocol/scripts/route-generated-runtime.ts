/**
 * Post-generation step of `npm run generate` (DESIGN §4): points every generated codec at our
 * runtime (src/codec/runtime.ts, protons-runtime with an exact uint64 writer) instead of at
 * 'protons-runtime'. Fails loudly if a generated file no longer imports the runtime the way this
 * step expects, so a protons upgrade cannot silently bring the broken writer back.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const GENERATED_DIR = join(import.meta.dirname, '..', 'src', 'generated')
const FROM = /from 'protons-runtime'/g
const TO = "from '../codec/runtime.js'"

for (const file of readdirSync(GENERATED_DIR).filter((f) => f.endsWith('.ts'))) {
  const path = join(GENERATED_DIR, file)
  const source = readFileSync(path, 'utf8')
  const routed = source.replace(FROM, TO)
  if (!routed.includes(TO)) {
    throw new Error(`${path}: found no import from 'protons-runtime' to route to ${TO}; update this step`)
  }
  if (routed !== source) writeFileSync(path, routed)
}
