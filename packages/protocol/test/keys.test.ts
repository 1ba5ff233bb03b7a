import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  accountFromSeed,
  decodeAddress,
  encodeAddress,
  generateAccount,
  isProtocolError,
  loadAccount,
  saveAccount,
  toHex,
} from '../src/index.js'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aimesh-keys-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function expectKeyError(p: Promise<unknown>, pattern: RegExp): Promise<void> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  )
  expect(isProtocolError(err, 'KEY_FILE'), String(err)).toBe(true)
  expect((err as Error).message).toMatch(pattern)
}

describe('account keys', () => {
  it('saves with mode 0600 and loads the same key', async () => {
    const key = generateAccount()
    const path = join(dir, 'account.json')
    await saveAccount(path, key)
    expect((await stat(path)).mode & 0o777).toBe(0o600)
    const loaded = await loadAccount(path)
    expect(toHex(loaded.publicKey)).toBe(toHex(key.publicKey))
    expect(loaded.address).toBe(key.address)
    const msg = new Uint8Array([1, 2, 3])
    expect(toHex(loaded.sign(msg))).toBe(toHex(key.sign(msg)))
  })

  it('refuses to overwrite an existing key unless asked', async () => {
    const path = join(dir, 'account.json')
    await saveAccount(path, generateAccount())
    await expectKeyError(saveAccount(path, generateAccount()), /already exists/)
    const replacement = generateAccount()
    await saveAccount(path, replacement, { overwrite: true })
    expect((await loadAccount(path)).address).toBe(replacement.address)
  })

  it('refuses a key file other users can read, and says how to fix it', async () => {
    const path = join(dir, 'account.json')
    await saveAccount(path, generateAccount())
    await chmod(path, 0o644)
    await expectKeyError(loadAccount(path), /chmod 600/)
  })

  it('gives a clear error for missing, malformed and inconsistent files', async () => {
    await expectKeyError(loadAccount(join(dir, 'nope.json')), /cannot read/)
    const path = join(dir, 'bad.json')
    await writeFile(path, '{not json', { mode: 0o600 })
    await expectKeyError(loadAccount(path), /not valid JSON/)
    await writeFile(path, JSON.stringify({ version: 2 }), { mode: 0o600 })
    await expectKeyError(loadAccount(path), /not an aimesh v1/)
    const good = join(dir, 'good.json')
    await saveAccount(good, generateAccount())
    const file = JSON.parse(await readFile(good, 'utf8'))
    file.publicKey = toHex(generateAccount().publicKey)
    await writeFile(path, JSON.stringify(file), { mode: 0o600 })
    await expectKeyError(loadAccount(path), /inconsistent/)
    file.secretSeed = 'zz'
    await writeFile(path, JSON.stringify(file), { mode: 0o600 })
    await expectKeyError(loadAccount(path), /malformed secret/)
  })
})

describe('addresses', () => {
  it('property: every public key round-trips through its address', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (pub) => {
        const address = encodeAddress(pub)
        expect(address.startsWith('aim1')).toBe(true)
        expect(toHex(decodeAddress(address))).toBe(toHex(pub))
      }),
      { numRuns: 300 },
    )
  })

  it('property: any single-character change is caught', () => {
    const address = accountFromSeed(new Uint8Array(32).fill(9)).address
    const alphabet = 'abcdefghijklmnopqrstuvwxyz234567'
    fc.assert(
      fc.property(fc.integer({ min: 4, max: address.length - 1 }), fc.constantFrom(...alphabet), (i, ch) => {
        fc.pre(address[i] !== ch)
        const typo = address.slice(0, i) + ch + address.slice(i + 1)
        expect(() => decodeAddress(typo)).toThrow(/INVALID_ADDRESS|checksum|malformed/)
      }),
      { numRuns: 300 },
    )
  })

  it('refuses a wrong prefix, bad characters and wrong lengths', () => {
    const address = generateAccount().address
    for (const bad of [
      `x${address.slice(1)}`,
      `${address}a`,
      address.slice(0, -1),
      `${address.slice(0, -1)}!`,
      '',
    ]) {
      try {
        decodeAddress(bad)
        throw new Error(`accepted ${bad}`)
      } catch (err) {
        expect(isProtocolError(err, 'INVALID_ADDRESS')).toBe(true)
      }
    }
  })
})
