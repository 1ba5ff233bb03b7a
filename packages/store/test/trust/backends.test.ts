import { describe } from 'vitest'
import { makeFactory } from './helpers.js'
import { trustStoreSuite } from './shared-suite.js'

for (const name of ['memory', 'file', 'level'] as const) {
  describe(`TrustStore (${name})`, () => trustStoreSuite(() => makeFactory(name)))
}
