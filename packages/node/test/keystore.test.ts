/** The keystore (DESIGN §4, §7): 0600 key files in a 0700 directory, passphrase sealing, export/import. */
import { chmod, readdir, readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import {
  accountExport,
  accountImport,
  accountList,
  accountNew,
  init,
  isNodeError,
  Keystore,
} from '../src/index.js'
import { tempDir } from './helpers/home.js'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c()
})

async function dir() {
  const t = await tempDir('aimesh-ks-')
  cleanups.push(t.cleanup)
  return t.dir
}

describe('keystore', () => {
  it('writes key files mode 0600 in a 0700 directory and reloads them', async () => {
    const ks = join(await dir(), 'keystore')
    const a = await accountNew({ keystoreDir: ks, name: 'alice', roles: ['miner'] })
    expect(a.publicKey).toMatch(/^[0-9a-f]{64}$/)
    expect(a.address.startsWith('aim1')).toBe(true)
    expect((await stat(ks)).mode & 0o777).toBe(0o700)
    expect((await stat(join(ks, 'alice.json'))).mode & 0o777).toBe(0o600)
    const listed = await accountList({ keystoreDir: ks })
    expect(listed).toEqual([a])
    const again = await Keystore.open(ks)
    const msg = new TextEncoder().encode('hello')
    expect(again.get('alice').key.sign(msg)).toEqual(again.get(a.address).key.sign(msg))
    await expect(accountNew({ keystoreDir: ks, name: 'alice' })).rejects.toMatchObject({
      code: 'ACCOUNT_EXISTS',
    })
    await expect(accountNew({ keystoreDir: ks, name: '../evil' })).rejects.toMatchObject({
      code: 'BAD_INPUT',
    })
  })

  it('refuses a key file other users can read', async () => {
    const ks = join(await dir(), 'keystore')
    await accountNew({ keystoreDir: ks, name: 'bob' })
    await chmod(join(ks, 'bob.json'), 0o644)
    const err = await Keystore.open(ks).catch((e: unknown) => e)
    expect(isNodeError(err, 'KEYSTORE')).toBe(true)
    expect((err as Error).message).toContain('chmod 600')
  })

  it('seals seeds with a passphrase and needs it to unlock', async () => {
    const ks = join(await dir(), 'keystore')
    const a = await accountNew({ keystoreDir: ks, name: 'carol', passphrase: 'correct horse' })
    const text = await readFile(join(ks, 'carol.json'), 'utf8')
    expect(text).not.toContain('"seed"')
    expect(JSON.parse(text).secret.type).toBe('scrypt-aes-256-gcm')
    await expect(Keystore.open(ks)).rejects.toMatchObject({ code: 'KEYSTORE' })
    await expect(Keystore.open(ks, { passphrase: 'wrong' })).rejects.toThrow(/wrong passphrase/)
    const opened = await Keystore.open(ks, { passphrase: 'correct horse' })
    expect(opened.get('carol').publicKey).toBe(a.publicKey)
    expect(opened.list()[0]!.encrypted).toBe(true)
    // Moving a sealed seed under another name breaks its authentication.
    const moved = JSON.parse(text)
    moved.name = 'mallory'
    await writeFile(join(ks, 'carol.json'), JSON.stringify(moved), { mode: 0o600 })
    await expect(Keystore.open(ks, { passphrase: 'correct horse' })).rejects.toThrow(
      /wrong passphrase|altered/,
    )
  })

  it('exports and imports accounts, sealed or in the clear', async () => {
    const root = await dir()
    const from = join(root, 'a')
    const to = join(root, 'b')
    const a = await accountNew({ keystoreDir: from, name: 'dave', roles: ['validator'] })
    const sealed = await accountExport({ keystoreDir: from, account: 'dave', exportPassphrase: 'moving day' })
    await expect(accountImport({ keystoreDir: to, text: sealed })).rejects.toMatchObject({ code: 'KEYSTORE' })
    const imported = await accountImport({ keystoreDir: to, text: sealed, importPassphrase: 'moving day' })
    expect(imported).toMatchObject({
      name: 'dave',
      publicKey: a.publicKey,
      roles: ['validator'],
      encrypted: false,
    })
    const plain = await accountExport({ keystoreDir: from, account: 'dave' })
    await expect(accountImport({ keystoreDir: to, text: plain, name: 'dave2' })).rejects.toMatchObject({
      code: 'ACCOUNT_EXISTS',
    })
    const seed = 'ab'.repeat(32)
    const bySeed = await accountImport({ keystoreDir: to, text: seed, name: 'erin', roles: ['miner'] })
    expect(bySeed.name).toBe('erin')
    expect((await readdir(to)).sort()).toEqual(['dave.json', 'erin.json'])
  })

  it('init makes a home: keystore and backups outside the data dir, token 0600', async () => {
    const home = await dir()
    const r = await init({ home, config: { dataDir: join(home, 'elsewhere', 'data') } })
    expect(r.config.dataDir).toBe(join(home, 'elsewhere', 'data'))
    expect(r.config.keystoreDir).toBe(join(home, 'keystore'))
    expect(r.config.backupDir).toBe(join(home, 'backups'))
    expect((await stat(r.config.apiTokenFile)).mode & 0o777).toBe(0o600)
    expect(r.apiToken).toMatch(/^[0-9a-f]{64}$/)
    expect(r.genesis.genesis.preTrustedValidators).toEqual([r.account!.publicKey])
    const config = JSON.parse(await readFile(join(home, 'config.json'), 'utf8'))
    expect(config.dataDir).toBe(join(home, 'elsewhere', 'data'))
    await expect(init({ home })).rejects.toMatchObject({ code: 'ALREADY_INITIALIZED' })
  })
})
