import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  accountFromSeed,
  answerCommitment,
  answerHash,
  concatBytes,
  decodeAddress,
  encodeAddress,
  generateAccount,
  isProtocolError,
  loadAccount,
  saveAccount,
  sha256,
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

describe('key file edge cases', () => {
  it('leaves no temp file behind, after success or failure', async () => {
    const path = join(dir, 'account.json')
    await saveAccount(path, generateAccount())
    await expectKeyError(saveAccount(path, generateAccount()), /already exists/)
    await saveAccount(path, generateAccount(), { overwrite: true })
    expect(await readdir(dir)).toEqual(['account.json'])
    // A write that fails (the directory is gone) is a KEY_FILE error, not a raw errno.
    await expectKeyError(saveAccount(join(dir, 'missing', 'account.json'), generateAccount()), /cannot write/)
    await mkdir(join(dir, 'sub'))
    await chmod(join(dir, 'sub'), 0o500)
    if (process.getuid?.() !== 0) {
      await expectKeyError(saveAccount(join(dir, 'sub', 'account.json'), generateAccount()), /cannot write/)
    }
    await chmod(join(dir, 'sub'), 0o700)
    expect(await readdir(join(dir, 'sub'))).toEqual([])
  })

  it('lets exactly one of several concurrent saves create the file', async () => {
    const path = join(dir, 'account.json')
    const keys = Array.from({ length: 8 }, () => generateAccount())
    const results = await Promise.allSettled(keys.map((k) => saveAccount(path, k)))
    const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [keys[i]!] : []))
    expect(won).toHaveLength(1)
    for (const r of results)
      if (r.status === 'rejected') expect(isProtocolError(r.reason, 'KEY_FILE')).toBe(true)
    expect((await loadAccount(path)).address).toBe(won[0]!.address)
    expect(await readdir(dir)).toEqual(['account.json'])
  })

  it('does not write through a symlink left at the key path', async () => {
    const target = join(dir, 'elsewhere.txt')
    await writeFile(target, 'public', { mode: 0o644 })
    const path = join(dir, 'account.json')
    await symlink(target, path)
    await expectKeyError(saveAccount(path, generateAccount()), /already exists/)
    expect(await readFile(target, 'utf8')).toBe('public')
  })

  it('refuses JSON that is not an object, a directory, and a file too large to be a key', async () => {
    const path = join(dir, 'k.json')
    for (const text of ['null', '[]', '"x"', '7']) {
      await writeFile(path, text, { mode: 0o600 })
      await expectKeyError(loadAccount(path), /not an aimesh v1/)
    }
    await mkdir(join(dir, 'd'), { mode: 0o700 })
    await expectKeyError(loadAccount(join(dir, 'd')), /not a regular file/)
    await writeFile(path, ' '.repeat(1024 * 1024), { mode: 0o600 })
    await expectKeyError(loadAccount(path), /too large/)
  })

  it('refuses a file whose address does not match its seed', async () => {
    const path = join(dir, 'k.json')
    await saveAccount(path, generateAccount())
    const file = JSON.parse(await readFile(path, 'utf8'))
    file.address = generateAccount().address
    await writeFile(path, JSON.stringify(file), { mode: 0o600 })
    await expectKeyError(loadAccount(path), /address does not match/)
  })
})

describe('answer commitments', () => {
  it('is sha256(sha256(answer) ‖ miner ‖ salt) and binds every part', () => {
    const miner = accountFromSeed(new Uint8Array(32).fill(1)).publicKey
    const other = accountFromSeed(new Uint8Array(32).fill(2)).publicKey
    const salt = new Uint8Array([9, 9, 9])
    const c = answerCommitment('forty-two', salt, miner)
    expect(toHex(c)).toBe(toHex(sha256(concatBytes(answerHash('forty-two'), miner, salt))))
    expect(toHex(answerHash('forty-two'))).toBe(toHex(sha256(new TextEncoder().encode('forty-two'))))
    for (const d of [
      answerCommitment('forty-three', salt, miner),
      answerCommitment('forty-two', new Uint8Array([9, 9]), miner),
      answerCommitment('forty-two', salt, other),
    ]) {
      expect(toHex(d)).not.toBe(toHex(c))
    }
  })

  it('refuses a miner key of the wrong width, which would blur the miner–salt split', () => {
    expect(() => answerCommitment('a', new Uint8Array(), new Uint8Array(33))).toThrow(/32-byte/)
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
      `${address}${'a'.repeat(100_000)}`,
    ]) {
      try {
        decodeAddress(bad)
        throw new Error(`accepted ${bad}`)
      } catch (err) {
        expect(isProtocolError(err, 'INVALID_ADDRESS')).toBe(true)
        expect((err as Error).message.length).toBeLessThan(200)
      }
    }
  })
})
