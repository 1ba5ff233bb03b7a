/**
 * The testnet's bots (DESIGN §1, §6): publishers post tasks, miners answer (honestly or not),
 * validators score, recipients claim, and some certified tasks are disputed and decided by a panel —
 * all through the nodes' HTTP APIs, each bot through the node whose keystore holds its account. The
 * panel is the engine's (uninvolved accounts with trust ≥ 0.7, read from the dispute record): each
 * member votes through the node that holds its key, a node's own validator account included.
 * `tick()` does one round of whatever is due; the testnet calls it every second and a test can
 * drive it step by step with its own clock.
 */
import type { ApiClient } from '../../api/client.js'
import type { SubmissionView, TaskView } from '../../api/types.js'
import { honestAnswer, honestScore, nearCopy, poorAnswer } from './answers.js'
import type { BotAccount } from './roster.js'
import {
  COPY_LAST_CHANCE_MS,
  DISPUTE_EVERY,
  DISPUTE_VOTE_WINDOW_MS,
  HONEST_WORK_MS,
  MAX_ACTIVE_TASKS,
  PUBLISH_EVERY_MS,
  REQUIRED_REVIEWERS,
  TASK_PHASES,
  TASK_REWARD,
  type TaskTimes,
  taskTimes,
} from './schedule.js'

export * from './roster.js'

export interface BotsOptions {
  /** One API client per node index, each with that node's token. */
  clients: ApiClient[]
  accounts: BotAccount[]
  seed: string
  now?: () => number
}

export interface BotStats {
  published: number
  answers: number
  scores: number
  claims: number
  disputes: number
  disputeVotes: number
  /** Actions a node refused (4xx); expected now and then (a window just closed, a duplicate). */
  refused: number
  lastError?: string
}

interface TrackedTask {
  id: string
  times: TaskTimes
  publisher: BotAccount
  /** Answer text per miner name, as submitted. */
  answers: Map<string, string>
  scored: Set<string>
  claimed: Set<string>
  disputed: boolean
  /** A bot opened a dispute on it: its panel is looked up and votes. */
  disputeOpened: boolean
  disputeVoted: Set<string>
  view?: TaskView
}

const TERMINAL = new Set(['Completed', 'Expired', 'Cancelled'])

export class Bots {
  readonly stats: BotStats = {
    published: 0,
    answers: 0,
    scores: 0,
    claims: 0,
    disputes: 0,
    disputeVotes: 0,
    refused: 0,
  }
  readonly tasks = new Map<string, TrackedTask>()
  readonly #clients: ApiClient[]
  readonly #accounts: BotAccount[]
  readonly #now: () => number
  /** Account address (hex) → bot, learned from each node's GET /accounts. */
  readonly #byAddress = new Map<string, BotAccount>()
  /** Every account any node holds (bots and the nodes' own validators): key → where it signs. */
  readonly #holders = new Map<string, { node: number; name: string }>()
  readonly #profiled = new Set<string>()
  #lastPublish = 0
  #publishTurn = 0
  #certifiedSeen = 0

  constructor(opts: BotsOptions) {
    this.#clients = opts.clients
    this.#accounts = opts.accounts
    this.#now = opts.now ?? Date.now
  }

  #client(bot: BotAccount): ApiClient {
    const c = this.#clients[bot.node]
    if (!c) throw new Error(`no API client for node ${bot.node}`)
    return c
  }

  /** Runs one action, counting a refusal instead of throwing (a bot must never stop the testnet). */
  async #try<T>(what: string, fn: () => Promise<T>): Promise<T | undefined> {
    try {
      return await fn()
    } catch (err) {
      this.stats.refused++
      this.stats.lastError = `${what}: ${err instanceof Error ? err.message : String(err)}`
      return undefined
    }
  }

  /** Learns which address is which bot, from every node's keystore listing. */
  async #learnAddresses(): Promise<void> {
    if (this.#byAddress.size >= this.#accounts.length && this.#holders.size > this.#accounts.length) return
    await Promise.all(
      this.#clients.map(async (c, node) => {
        const list = await this.#try('accounts', () => c.accounts())
        for (const a of list ?? []) {
          this.#holders.set(a.address.toLowerCase(), { node, name: a.name })
          this.#holders.set(a.publicKey.toLowerCase(), { node, name: a.name })
          const bot = this.#accounts.find((b) => b.name === a.name)
          if (bot) {
            this.#byAddress.set(a.address.toLowerCase(), bot)
            this.#byAddress.set(a.publicKey.toLowerCase(), bot)
          }
        }
      }),
    )
  }

  /** Every signer needs a profile held (DESIGN §5.9); each bot signs its own once. */
  async #profiles(): Promise<void> {
    for (const a of this.#accounts) {
      if (this.#profiled.has(a.name)) continue
      const r = await this.#try('profile', () =>
        this.#client(a).profile(a.name, {
          publisher: a.role === 'publisher',
          miner: a.role === 'miner',
          validator: a.role === 'validator',
          specializations:
            a.role === 'miner' ? [{ taskType: 'GENERAL', proficiency: 80, maxDifficulty: 'EXPERT' }] : [],
          capacity: 4,
          name: a.name,
        }),
      )
      if (r) this.#profiled.add(a.name)
    }
  }

  botFor(address: string | undefined): BotAccount | undefined {
    return address ? this.#byAddress.get(address.toLowerCase()) : undefined
  }

  /** One round: publish if due, then advance every tracked task by what is due now. */
  async tick(): Promise<void> {
    await this.#learnAddresses()
    await this.#profiles()
    await this.#publishIfDue()
    for (const t of this.tasks.values()) {
      if (t.view && TERMINAL.has(t.view.status) && t.claimed.size > 0) continue
      await this.#refresh(t)
      await this.#answer(t)
      await this.#score(t)
      await this.#claim(t)
      await this.#dispute(t)
    }
  }

  async #refresh(t: TrackedTask): Promise<void> {
    // Read through the publisher's node; any node converges to the same view.
    t.view = (await this.#try('read task', () => this.#client(t.publisher).task(t.id))) ?? t.view
    // The node's deadlines are the ones that count (its clock stamped the task).
    const v = t.view
    if (
      v?.publishedAt &&
      v.commitDeadline &&
      v.submissionDeadline &&
      v.validationDeadline &&
      v.challengeDeadline
    )
      t.times = {
        publishedAt: v.publishedAt,
        commitDeadline: v.commitDeadline,
        submissionDeadline: v.submissionDeadline,
        validationDeadline: v.validationDeadline,
        challengeDeadline: v.challengeDeadline,
      }
  }

  async #publishIfDue(): Promise<void> {
    const now = this.#now()
    const active = [...this.tasks.values()].filter((t) => now < t.times.challengeDeadline).length
    if (active >= MAX_ACTIVE_TASKS || now - this.#lastPublish < PUBLISH_EVERY_MS) return
    const publishers = this.#accounts.filter((a) => a.role === 'publisher')
    const publisher = publishers[this.#publishTurn++ % publishers.length]
    if (!publisher) return
    this.#lastPublish = now
    const times = taskTimes(now)
    const n = this.stats.published + 1
    const r = await this.#try('publish', () =>
      this.#client(publisher).publishTask({
        account: publisher.name,
        title: `testnet task ${n}`,
        description: `Summarize the design trade-offs of scenario ${n}.`,
        taskType: 'GENERAL',
        difficulty: 'BEGINNER',
        reward: TASK_REWARD.toString(),
        input: `scenario ${n}: a cache in front of a replicated store`,
        verification: { requiredReviewers: REQUIRED_REVIEWERS },
        phases: TASK_PHASES,
      }),
    )
    if (!r) return
    this.stats.published++
    this.tasks.set(r.id, {
      id: r.id,
      times,
      publisher,
      answers: new Map(),
      scored: new Set(),
      claimed: new Set(),
      disputed: false,
      disputeOpened: false,
      disputeVoted: new Set(),
    })
  }

  async #answer(t: TrackedTask): Promise<void> {
    const elapsed = this.#now() - t.times.publishedAt
    if (this.#now() >= t.times.commitDeadline) return
    const honestNames = new Set(
      this.#accounts.filter((a) => a.role === 'miner' && a.behaviour === 'honest').map((a) => a.name),
    )
    const honestDone = [...t.answers.entries()].filter(([name]) => honestNames.has(name))
    for (const m of this.#accounts.filter((a) => a.role === 'miner' && !t.answers.has(a.name))) {
      let text: string | undefined
      switch (m.behaviour) {
        case 'too-fast':
          text = honestAnswer(t.id, m.name)
          break
        case 'honest':
          if (elapsed >= HONEST_WORK_MS && this.#matches(t, m)) text = honestAnswer(t.id, m.name)
          break
        case 'copier':
          if (honestDone[0] && elapsed < COPY_LAST_CHANCE_MS) text = honestDone[0][1]
          break
        case 'near-copier':
          if (honestDone[1] ?? honestDone[0]) text = nearCopy((honestDone[1] ?? honestDone[0])![1])
          break
        case 'colluder':
          if (elapsed >= HONEST_WORK_MS) text = poorAnswer(t.id)
          break
        default:
          break
      }
      if (text === undefined) continue
      const answer = text
      const r = await this.#try('answer', () => this.#client(m).answer(t.id, m.name, answer))
      if (r) {
        t.answers.set(m.name, answer)
        this.stats.answers++
      }
    }
  }

  /** Specialization matching (DESIGN §6): when the node ranks candidates, honest miners take only matched work. */
  #matches(t: TrackedTask, m: BotAccount): boolean {
    const candidates = t.view?.candidates
    if (!Array.isArray(candidates) || candidates.length === 0) return true
    return candidates.some((c: unknown) => {
      const who =
        typeof c === 'string'
          ? c
          : ((c as { account?: string; miner?: string }).account ?? (c as { miner?: string }).miner)
      return this.botFor(who)?.name === m.name
    })
  }

  async #score(t: TrackedTask): Promise<void> {
    const now = this.#now()
    if (now < t.times.submissionDeadline || now >= t.times.validationDeadline) return
    const subs = t.view?.submissions ?? []
    const halfway = now >= (t.times.submissionDeadline + t.times.validationDeadline) / 2
    const expected = (t.view?.expectedValidators ?? []).map((k) => this.botFor(k)?.name)
    for (const v of this.#accounts.filter((a) => a.role === 'validator')) {
      // Expected validators (DESIGN §6) score at once; the others step in after half the window.
      if (expected.length > 0 && !expected.includes(v.name) && !halfway && v.behaviour === 'honest') continue
      for (const s of subs) await this.#scoreOne(t, v, s)
    }
  }

  async #scoreOne(t: TrackedTask, v: BotAccount, s: SubmissionView): Promise<void> {
    const key = `${v.name}:${s.id}`
    if (t.scored.has(key)) return
    const miner = this.botFor(s.miner)
    if (miner?.name === v.name) return
    const answer = miner ? t.answers.get(miner.name) : undefined
    let score = honestScore(answer, v.name)
    if (v.behaviour === 'colluder' && miner?.behaviour === 'colluder') score = 100
    t.scored.add(key)
    const r = await this.#try('score', () => this.#client(v).score(s.id, v.name, score))
    if (r) this.stats.scores++
    // An equivocating validator signs a second, different score for the same submission.
    if (r && v.behaviour === 'equivocator') {
      const again = await this.#try('equivocate', () =>
        this.#client(v).score(s.id, v.name, Math.max(0, score - 30)),
      )
      if (again) this.stats.scores++
    }
  }

  async #claim(t: TrackedTask): Promise<void> {
    const state = t.view?.outcome?.state
    if (state !== 'certified' && state !== 'final') return
    for (const entry of t.view?.rewards?.entries ?? []) {
      const bot = this.botFor(entry.recipient)
      if (!bot || t.claimed.has(bot.name) || entry.claimed === true) continue
      t.claimed.add(bot.name)
      const r = await this.#try('claim', () => this.#client(bot).claim(t.id, bot.name))
      if (r) this.stats.claims++
    }
  }

  async #dispute(t: TrackedTask): Promise<void> {
    const state = t.view?.outcome?.state
    const now = this.#now()
    const open = (state === 'certified' || state === 'final') && now < t.times.challengeDeadline
    if (open && !t.disputed) {
      t.disputed = true
      // The first certified task and every DISPUTE_EVERY-th after it get a dispute.
      if (this.#certifiedSeen++ % DISPUTE_EVERY !== 0) return
      // A party to the task (DESIGN §6: a miner that answered, else its publisher) disputes the
      // top-ranked answer's quality; the panel decides.
      const winner = (t.view?.submissions ?? []).find((s) => s.rank === 1) ?? t.view?.submissions?.[0]
      const opener =
        this.#accounts.find(
          (a) =>
            a.role === 'miner' &&
            a.behaviour === 'honest' &&
            t.answers.has(a.name) &&
            this.botFor(winner?.miner) !== a,
        ) ?? t.publisher
      if (!winner) return
      const r = await this.#try('dispute', () =>
        this.#client(opener).openDispute(t.id, {
          account: opener.name,
          disputeType: 'QUALITY_ASSESSMENT',
          accused: winner.miner ?? winner.id,
          reason: 'the winning answer does not address the scenario',
        }),
      )
      if (r) {
        this.stats.disputes++
        t.disputeOpened = true
      }
    }
    if (t.disputeOpened) await this.#panelVotes(t)
  }

  /**
   * Every panel member of the task's pending disputes votes once, through the node holding its key
   * (a vote the node refuses, say before the dispute reached it, is tried again next tick).
   */
  async #panelVotes(t: TrackedTask): Promise<void> {
    if (this.#now() >= t.times.challengeDeadline + DISPUTE_VOTE_WINDOW_MS) return
    const disputes = (await this.#try('disputes', () => this.#client(t.publisher).disputes(t.id))) ?? []
    for (const d of disputes.filter((x) => x.status === 'PENDING')) {
      const panel = Array.isArray(d.panel) ? (d.panel as unknown[]).map(String) : []
      for (const member of panel) {
        const holder = this.#holders.get(member.toLowerCase())
        const key = `${d.id}:${member}`
        if (holder === undefined || t.disputeVoted.has(key)) continue
        const client = this.#clients[holder.node]
        if (!client) continue
        // Honest panels reject the unfounded quality complaint; a colluding validator upholds it.
        const uphold = this.#byAddress.get(member.toLowerCase())?.behaviour === 'colluder'
        const r = await this.#try('dispute vote', () => client.voteDispute(d.id, holder.name, uphold))
        if (!r) continue
        t.disputeVoted.add(key)
        this.stats.disputeVotes++
      }
    }
  }
}
