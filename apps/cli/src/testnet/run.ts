/**
 * Runs a local testnet end to end (DESIGN §1): prepares homes and a genesis, starts the node
 * processes under the supervisor (node 0 first, the rest bootstrapping from it), drives the bots,
 * kills nodes on purpose with --chaos, redraws the live table, and on --duration stops the
 * workload, waits for the roots to match and prints the `TESTNET {json}` line.
 */
import { rm } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { ApiClient } from '../api/client.js'
import type { Context } from '../context.js'
import { CliError } from '../errors.js'
import { toJson } from '../output.js'
import { Bots } from './bots/index.js'
import { type PreparedTestnet, prepareTestnet } from './homes.js'
import { type NodeLayout, nodeLayout, type TestnetOptions } from './layout.js'
import { NodeMonitor, type NodeSnapshot, rootsAgree } from './monitor.js'
import { Supervisor } from './supervisor.js'
import { renderLine, renderTable } from './table.js'

/** The CLI entry the node processes run. */
export const BIN = fileURLToPath(new URL('../../bin/aimesh.js', import.meta.url))
/** How long to wait for a started node's API to answer before giving up on the testnet. */
export const NODE_READY_TIMEOUT_MS = 60_000
/** After the workload, how long the roots get to converge (issue: up to 60 s). */
export const CONVERGE_TIMEOUT_MS = 60_000
/** Table refresh and bot tick periods. */
export const REFRESH_MS = 2_000
export const BOT_TICK_MS = 1_000

export interface TestnetReport {
  nodes: number
  tasksPublished: number
  tasksFinalized: number
  fraudFlagged: number
  disputesDecided: number
  checkpoints: number
  restarts: number
  stateRoots: (string | null)[]
  derivedDigests: (string | null)[]
  rootsMatch: boolean
}

/** The command line a testnet node runs; docker-compose and tests build the same shape. */
export function startArgs(node: NodeLayout, bootstrap: string[]): string[] {
  return [
    '--home',
    node.home,
    'start',
    '--data-dir',
    node.dataDir,
    '--listen',
    `/ip4/127.0.0.1/tcp/${node.p2pPort}`,
    '--loopback',
    '--api-port',
    String(node.apiPort),
    '--api-host',
    '127.0.0.1',
    ...bootstrap.flatMap((b) => ['--bootstrap', b]),
  ]
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms)
    signal?.addEventListener('abort', () => {
      clearTimeout(t)
      resolve()
    })
  })

/** Polls a node's /status until it answers; returns its peer id. */
export async function waitForNode(url: string, timeoutMs: number, signal?: AbortSignal): Promise<string> {
  const api = new ApiClient({ url, timeoutMs: 2_000 })
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline && !signal?.aborted) {
    try {
      return (await api.status()).peerId
    } catch {
      await sleep(300, signal)
    }
  }
  throw new CliError('TESTNET', `node at ${url} did not answer within ${timeoutMs / 1000}s; see its log file`)
}

export async function runTestnet(opts: TestnetOptions, ctx: Context): Promise<TestnetReport> {
  const io = ctx.io
  const stop = new AbortController()
  const onSignal = () => stop.abort()
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  const nodes = Array.from({ length: opts.nodes }, (_, i) => nodeLayout(opts, i))
  const supervisor = new Supervisor({
    onEvent: (e) => {
      if (e.type === 'exited' && !e.expected)
        io.err(`node-${e.index} exited (${e.signal ?? e.code}); restarting`)
    },
  })
  let bots: Bots | undefined
  try {
    await rm(opts.dir, { recursive: true, force: true })
    const prepared: PreparedTestnet = await prepareTestnet(opts, nodes)
    io.err(`testnet in ${opts.dir} (genesis ${prepared.genesisHash.slice(0, 12)}…, logs node-<i>.log)`)

    const spawnNode = (n: NodeLayout, bootstrap: string[]) =>
      supervisor.add({
        index: n.index,
        command: process.execPath,
        args: [BIN, ...startArgs(n, bootstrap)],
        logFile: n.logFile,
        env: { AIMESH_PASSPHRASE: '', NODE_ENV: 'testnet' },
      })
    const first = nodes[0]!
    spawnNode(first, [])
    const peerId = await waitForNode(first.apiUrl, NODE_READY_TIMEOUT_MS, stop.signal)
    const bootstrap = [`/ip4/127.0.0.1/tcp/${first.p2pPort}/p2p/${peerId}`]
    for (const n of nodes.slice(1)) spawnNode(n, bootstrap)
    await Promise.all(nodes.slice(1).map((n) => waitForNode(n.apiUrl, NODE_READY_TIMEOUT_MS, stop.signal)))

    const clients = nodes.map((n) => new ApiClient({ url: n.apiUrl, token: prepared.tokens[n.index] }))
    bots = opts.bots ? new Bots({ clients, accounts: prepared.accounts, seed: opts.seed }) : undefined
    const started = Date.now()
    const workload = new AbortController()
    stop.signal.addEventListener('abort', () => workload.abort())
    const endAt = opts.duration === undefined ? undefined : started + opts.duration * 1000
    if (endAt !== undefined) setTimeout(() => workload.abort(), endAt - started).unref()

    const loops: Promise<void>[] = []
    if (bots) {
      const b = bots
      loops.push(
        (async () => {
          while (!workload.signal.aborted) {
            await b.tick()
            await sleep(BOT_TICK_MS, workload.signal)
          }
        })(),
      )
    }
    if (opts.chaos !== undefined) {
      const every = opts.chaos * 1000
      loops.push(
        (async () => {
          let n = 0
          while (!workload.signal.aborted) {
            await sleep(every, workload.signal)
            if (workload.signal.aborted) break
            const victim = chaosVictim(opts.seed, n++, opts.nodes)
            if (supervisor.kill(victim)) io.err(`chaos: killed node-${victim}`)
          }
        })(),
      )
    }
    const monitors = nodes.map((n) => new NodeMonitor(n.index, n.apiUrl))
    let snaps: NodeSnapshot[] = []
    const refresh = async () => {
      snaps = await Promise.all(monitors.map((m) => m.snapshot()))
      const extras = {
        elapsedS: Math.round((Date.now() - started) / 1000),
        restarts: supervisor.restarts(),
        published: bots?.stats.published ?? 0,
        botErrors: bots?.stats.refused ?? 0,
        lastBotError: bots?.stats.lastError,
      }
      if (io.isTTY && !ctx.json) io.out(`\x1b[2J\x1b[H${renderTable(snaps, extras)}`)
      else io.err(renderLine(snaps, extras))
    }
    while (!workload.signal.aborted) {
      await refresh()
      await sleep(REFRESH_MS, workload.signal)
    }
    await Promise.all(loops)
    if (stop.signal.aborted) {
      io.err('stopping the testnet')
      return report(opts, snaps, supervisor, bots)
    }
    // The workload is over: let the network settle until every node's roots agree.
    const deadline = Date.now() + CONVERGE_TIMEOUT_MS
    while (Date.now() < deadline && !stop.signal.aborted) {
      await refresh()
      if (rootsAgree(snaps)) break
      await sleep(REFRESH_MS, stop.signal)
    }
    const r = report(opts, snaps, supervisor, bots)
    io.out(`TESTNET ${toJson(r, 0)}`)
    return r
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
    await supervisor.stop()
  }
}

/** Which node chaos kills n-th: a fixed function of the seed so a run can be replayed. */
export function chaosVictim(seed: string, n: number, nodes: number): number {
  let h = 2166136261
  for (const c of `${seed}:${n}`) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0
  return h % nodes
}

function report(
  opts: TestnetOptions,
  snaps: NodeSnapshot[],
  supervisor: Supervisor,
  bots: Bots | undefined,
): TestnetReport {
  const max = (f: (s: NodeSnapshot) => number) => Math.max(0, ...snaps.map(f))
  return {
    nodes: opts.nodes,
    tasksPublished: bots?.stats.published ?? 0,
    tasksFinalized: max((s) => s.certified),
    fraudFlagged: max((s) => s.flagged),
    disputesDecided: max((s) => s.disputesDecided),
    checkpoints: max((s) => s.checkpoints),
    restarts: supervisor.totalRestarts(),
    stateRoots: snaps.map((s) => s.stateRoot ?? null),
    derivedDigests: snaps.map((s) => s.derivedDigest ?? null),
    rootsMatch: rootsAgree(snaps),
  }
}
