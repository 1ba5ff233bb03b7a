/**
 * docker-compose.yml (DESIGN §1): every service's command is one the real aimesh program accepts
 * (parsed by commander with the actions stubbed; no Docker engine here), APIs are published on the
 * host's 127.0.0.1 only, every node has a named volume and a /health check.
 */
import { readFileSync } from 'node:fs'
import type { Command } from 'commander'
import { describe, expect, it } from 'vitest'
import type { Io } from '../src/output.js'
import { allCommands, buildProgram } from '../src/program.js'

const COMPOSE = readFileSync(new URL('../../../docker-compose.yml', import.meta.url), 'utf8')

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
})
