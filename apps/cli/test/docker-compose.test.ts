/**
 * docker-compose.yml and the Dockerfile (DESIGN §1): every service's command is one the real
 * aimesh program accepts (parsed by commander with the actions stubbed; no Docker engine here),
 * APIs are published on the host's 127.0.0.1 only, every node has a named volume and a /health
 * check on its own API port; the image installs every workspace, keeps what the entry point needs
 * after `npm ci --omit=dev`, and sets only variables the node reads.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import type { Command } from 'commander'
import { describe, expect, it } from 'vitest'
import type { Io } from '../src/output.js'
import { allCommands, buildProgram } from '../src/program.js'

const ROOT = new URL('../../../', import.meta.url)
const COMPOSE = readFileSync(new URL('docker-compose.yml', ROOT), 'utf8')
const DOCKERFILE = readFileSync(new URL('Dockerfile', ROOT), 'utf8')

/**
 * The compose file's services and their `command:` lists. The file writes commands as flow
 * sequences of double-quoted strings (valid JSON), so each is JSON-parsed; no YAML library needed.
 */
function services(): Map<string, { command?: string[]; body: string }> {
  const body = COMPOSE.slice(COMPOSE.indexOf('\nservices:\n'), COMPOSE.indexOf('\nvolumes:\n'))
  const out = new Map<string, { command?: string[]; body: string }>()
  const parts = body.split(/\n {2}(?=[a-z][\w-]*:\n)/).slice(1)
  for (const part of parts) {
    const name = part.slice(0, part.indexOf(':'))
    const m = /\n {4}command: (\[[\s\S]*?\])\n/.exec(part)
    out.set(name, { command: m ? (JSON.parse(m[1]!) as string[]) : undefined, body: part })
  }
  return out
}

/** Parses argv with the real program, recording which command would run instead of running it. */
async function accepts(argv: string[]): Promise<string> {
  const io: Io = { isTTY: false, out() {}, err() {} }
  const program = buildProgram({ io, env: {}, exitCode: 0 })
  let ran = ''
  for (const c of allCommands(program)) {
    c.exitOverride()
    c.action((...args: unknown[]) => {
      const cmd = args.at(-1) as Command
      ran = cmd.name()
    })
  }
  await program.parseAsync(argv, { from: 'user' })
  return ran
}

describe('docker-compose.yml', () => {
  const all = services()

  it('has a bootstrap node and joiners, each with a command the CLI accepts', async () => {
    expect([...all.keys()]).toEqual(expect.arrayContaining(['genesis', 'node-0', 'node-1', 'node-2']))
    for (const [name, s] of all) {
      expect(s.command, name).toBeDefined()
      const ran = await accepts(s.command!)
      expect(ran, name).toBe(name === 'genesis' ? 'genesis' : 'start')
    }
    // Joiners bootstrap from node-0; node-0 from nobody.
    expect(all.get('node-0')!.command).not.toContain('--bootstrap')
    for (const j of ['node-1', 'node-2'])
      expect(all.get(j)!.command!.join(' ')).toMatch(/--bootstrap \/dns4\/node-0\//)
  })

  it("names node-0's real peer id (from --seed compose --index 0) in the joiners' bootstrap address", async () => {
    const { testnetPeerKeySeed } = await import('@aimesh/node')
    const { fromHex } = await import('@aimesh/protocol')
    const { generateKeyPairFromSeed } = await import('@libp2p/crypto/keys')
    const { peerIdFromPrivateKey } = await import('@libp2p/peer-id')
    const seedAt = all.get('node-0')!.command!.indexOf('--seed')
    const seed = all.get('node-0')!.command![seedAt + 1]!
    const key = await generateKeyPairFromSeed('Ed25519', fromHex(testnetPeerKeySeed(seed, 0)))
    const peerId = peerIdFromPrivateKey(key).toString()
    for (const j of ['node-1', 'node-2'])
      expect(all.get(j)!.command).toContain(`/dns4/node-0/tcp/4645/p2p/${peerId}`)
  })

  it('rejects a command the CLI would not accept (the check is real)', async () => {
    await expect(accepts(['start', '--no-such-flag'])).rejects.toThrow(/unknown option/)
    await expect(accepts(['start', '--api-port', 'http'])).rejects.toThrow(/--api-port/)
  })

  it('binds the API to 0.0.0.0 in the container, publishes it on 127.0.0.1, checks /health, uses named volumes', () => {
    for (const n of ['node-0', 'node-1', 'node-2']) {
      const s = all.get(n)!
      const cmd = s.command!.join(' ')
      expect(cmd).toContain('--api-host 0.0.0.0')
      expect(s.body).toMatch(/- "127\.0\.0\.1:\d+:8645"/)
      expect(s.body).toMatch(new RegExp(`- ${n}:/var/lib/aimesh`))
      expect(COMPOSE).toMatch(new RegExp(`\\n {2}${n}:\\n`))
    }
    expect(COMPOSE).toMatch(/healthcheck:[\s\S]*\/health/)
    expect(COMPOSE).not.toMatch(/- "\d+:8645"/) // never published on every host interface
  })

  it("checks each node's health on the port its API listens on, and exposes the p2p port", () => {
    const health = /healthcheck:[\s\S]*?127\.0\.0\.1:(\d+)\/health/.exec(COMPOSE)
    expect(health).not.toBeNull()
    const exposed = /\nEXPOSE ([\d ]+)\n/.exec(DOCKERFILE)![1]!.split(' ')
    for (const n of ['node-0', 'node-1', 'node-2']) {
      const cmd = all.get(n)!.command!
      expect(cmd[cmd.indexOf('--api-port') + 1], n).toBe(health![1])
      const listen = cmd[cmd.indexOf('--listen') + 1]!
      expect(exposed).toContain(/\/tcp\/(\d+)/.exec(listen)![1])
      expect(exposed).toContain(health![1])
    }
  })
})

describe('Dockerfile', () => {
  it('copies the manifest of every workspace before npm ci (a missing one breaks the install)', () => {
    const workspaces = (
      JSON.parse(readFileSync(new URL('package.json', ROOT), 'utf8')) as { workspaces: string[] }
    ).workspaces
    const dirs: string[] = []
    for (const glob of workspaces) {
      const parent = glob.replace(/\/\*$/, '')
      for (const d of readdirSync(new URL(`${parent}/`, ROOT)))
        if (existsSync(new URL(`${parent}/${d}/package.json`, ROOT))) dirs.push(`${parent}/${d}`)
    }
    expect(dirs.length).toBeGreaterThan(5)
    const install = DOCKERFILE.indexOf('RUN npm ci')
    expect(install).toBeGreaterThan(0)
    for (const d of dirs) {
      const copy = DOCKERFILE.indexOf(`COPY ${d}/package.json ${d}/`)
      expect(copy, `Dockerfile: add "COPY ${d}/package.json ${d}/" before npm ci`).toBeGreaterThan(0)
      expect(copy).toBeLessThan(install)
    }
  })

  it('runs the CLI entry point, whose loader is a runtime dependency (npm ci --omit=dev keeps it)', () => {
    const entry = /ENTRYPOINT \["node", "([^"]+)"\]/.exec(DOCKERFILE)![1]!
    expect(existsSync(new URL(entry, ROOT))).toBe(true)
    const bin = readFileSync(new URL(entry, ROOT), 'utf8')
    const cli = JSON.parse(readFileSync(new URL('apps/cli/package.json', ROOT), 'utf8')) as {
      dependencies: Record<string, string>
    }
    for (const m of bin.matchAll(/from '([^'.][^']*)'/g)) {
      const pkg = m[1]!.split('/')[0]!
      expect(Object.keys(cli.dependencies), `${entry} imports ${m[1]}`).toContain(pkg)
    }
    expect(DOCKERFILE).toMatch(/npm ci --omit=dev/)
  })

  it('sets only AIMESH_* variables the node reads', async () => {
    const { ENVIRONMENT } = await import('@aimesh/node')
    const known = new Set([
      ...Object.keys(ENVIRONMENT),
      'AIMESH_PASSPHRASE',
      'AIMESH_API_URL',
      'AIMESH_TOKEN',
    ])
    const used = [...`${DOCKERFILE}\n${COMPOSE}`.matchAll(/\b(AIMESH_[A-Z_]+)/g)].map((m) => m[1]!)
    expect(used.length).toBeGreaterThan(0)
    for (const v of used) expect(known, v).toContain(v)
  })
})
