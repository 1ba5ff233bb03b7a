/**
 * A small typed client for the node's HTTP API (docs/api.md), used by the CLI's commands and the
 * testnet's bots and monitor. Reads need no token; actions send `Authorization: Bearer <token>`.
 * Every call is bounded by a timeout; failures become CliErrors that say what to do.
 */
import { CliError, EXIT } from '../errors.js'
import type {
  AccountView,
  Checkpoints,
  DisputeView,
  Health,
  OpenDisputeBody,
  Peers,
  ProfileBody,
  PublishTaskBody,
  Status,
  TaskSummary,
  TaskView,
} from './types.js'

/** Default per-request bound; a node that takes longer is treated as unreachable. */
export const DEFAULT_API_TIMEOUT_MS = 10_000

export interface ApiClientOptions {
  /** Base URL, e.g. http://127.0.0.1:8645 */
  url: string
  /** Bearer token for actions (docs/api.md: `<home>/api-token`). */
  token?: string
  timeoutMs?: number
}

type Query = Record<string, string | number | undefined>

export class ApiClient {
  readonly url: string
  readonly #token: string | undefined
  readonly #timeoutMs: number

  constructor(opts: ApiClientOptions) {
    this.url = opts.url.replace(/\/+$/, '')
    this.#token = opts.token
    this.#timeoutMs = opts.timeoutMs ?? DEFAULT_API_TIMEOUT_MS
  }

  /** One request; `auth` adds the bearer token (and fails early without one). */
  async request<T>(
    method: string,
    path: string,
    opts: { body?: unknown; query?: Query; auth?: boolean } = {},
  ) {
    const url = new URL(this.url + path)
    for (const [k, v] of Object.entries(opts.query ?? {}))
      if (v !== undefined) url.searchParams.set(k, String(v))
    const headers: Record<string, string> = { accept: 'application/json' }
    if (opts.body !== undefined) headers['content-type'] = 'application/json'
    if (opts.auth) {
      if (!this.#token)
        throw new CliError(
          'NO_TOKEN',
          `${method} ${path} changes state and needs the node's API token; pass --token or --home pointing at the node's home (it holds api-token)`,
          EXIT.usage,
        )
      headers.authorization = `Bearer ${this.#token}`
    }
    let res: Response
    try {
      res = await fetch(url, {
        method,
        headers,
        body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
        signal: AbortSignal.timeout(this.#timeoutMs),
      })
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err)
      throw new CliError(
        'API_UNREACHABLE',
        `cannot reach the node's API at ${this.url} (${why}); is the node running? Start it with \`aimesh start\` or pass --api <url>`,
        EXIT.api,
      )
    }
    const text = await res.text()
    let body: unknown
    try {
      body = text.length > 0 ? JSON.parse(text) : undefined
    } catch {
      body = text
    }
    if (!res.ok) {
      const e = (body as { error?: { code?: string; message?: string } } | undefined)?.error
      throw new CliError(
        e?.code ?? `HTTP_${res.status}`,
        e?.message ?? `${method} ${path} failed with HTTP ${res.status}`,
        EXIT.api,
        res.status,
      )
    }
    return body as T
  }

  // Reads (docs/api.md: no token)
  health = () =>
    this.request<Health>('GET', '/health').catch((err: unknown) => {
      // /health answers 503 with its body when not ok; callers want the body, not an exception.
      if (err instanceof CliError && err.status === 503) return { ok: false, error: err.message } as Health
      throw err
    })
  status = () => this.request<Status>('GET', '/status')
  tasks = (q: { status?: string; type?: string; publisher?: string; limit?: number } = {}) =>
    this.request<{ tasks: TaskSummary[] }>('GET', '/tasks', { query: q }).then((r) => r.tasks)
  task = (id: string) => this.request<TaskView>('GET', `/tasks/${encodeURIComponent(id)}`)
  miner = (account: string) =>
    this.request<Record<string, unknown>>('GET', `/miners/${encodeURIComponent(account)}`)
  leaderboard = (limit?: number) =>
    this.request<{ miners: unknown[] }>('GET', '/leaderboard', { query: { limit } }).then((r) => r.miners)
  unclaimed = (account: string) =>
    this.request<{ rewards: unknown[] }>('GET', `/rewards/unclaimed/${encodeURIComponent(account)}`).then(
      (r) => r.rewards,
    )
  disputes = (task?: string) =>
    this.request<{ disputes: DisputeView[] }>('GET', '/disputes', { query: { task } }).then((r) => r.disputes)
  accounts = () => this.request<{ accounts: AccountView[] }>('GET', '/accounts').then((r) => r.accounts)
  peers = () => this.request<Peers>('GET', '/peers')
  checkpoints = () => this.request<Checkpoints>('GET', '/checkpoints')

  // Actions (docs/api.md: token, signed by the keystore account named in `account`)
  publishTask = (body: PublishTaskBody) => this.#post<{ id: string }>('/tasks', body)
  commit = (task: string, account: string, answer: string) =>
    this.#post<{ id: string; salt: string }>(`/tasks/${task}/commit`, { account, answer })
  reveal = (task: string, account: string) => this.#post<{ id: string }>(`/tasks/${task}/reveal`, { account })
  answer = (task: string, account: string, answer: string) =>
    this.#post<{ commitId: string }>(`/tasks/${task}/answer`, { account, answer })
  score = (submission: string, account: string, score: number) =>
    this.#post<{ id: string }>(`/submissions/${submission}/score`, { account, score })
  vote = (task: string, account?: string) =>
    this.#post<{ id: string; root: string }>(`/tasks/${task}/vote`, account ? { account } : {})
  claim = (task: string, account: string) => this.#post<{ id: string }>(`/tasks/${task}/claim`, { account })
  openDispute = (task: string, body: OpenDisputeBody) =>
    this.#post<{ id: string }>(`/tasks/${task}/disputes`, body)
  voteDispute = (dispute: string, account: string, uphold: boolean) =>
    this.#post<{ id: string }>(`/disputes/${dispute}/vote`, { account, uphold })
  submitEnvelope = (envelope: string) => this.#post<Record<string, unknown>>('/messages', { envelope })
  profile = (name: string, body: ProfileBody) =>
    this.#post<{ id: string }>(`/accounts/${encodeURIComponent(name)}/profile`, body)
  newAccount = (name: string, roles: string[]) =>
    this.#post<Record<string, unknown>>('/accounts', { name, roles })
  ban = (peerId: string) =>
    this.#post<Record<string, unknown>>(`/peers/${encodeURIComponent(peerId)}/ban`, {})
  unban = (peerId: string) =>
    this.request<Record<string, unknown>>('DELETE', `/peers/${encodeURIComponent(peerId)}/ban`, {
      auth: true,
    })
  backup = () => this.#post<Record<string, unknown>>('/backups', {})

  #post<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('POST', path, { body, auth: true })
  }
}
