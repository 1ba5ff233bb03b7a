/**
 * Pending reveals (DESIGN §6 commit–reveal): the answer and salt of every commit this node signed,
 * kept durably (a JSON file, mode 0600, rewritten atomically) until the reveal is accepted, so a
 * restart between commit and reveal loses nothing. `auto` entries are revealed by the node when
 * the commit window closes.
 */
import { readFile } from 'node:fs/promises'
import { z } from 'zod'
import { NodeError } from './errors.js'
import { writeFileAtomic } from './fs-atomic.js'

const entrySchema = z.object({
  taskId: z.string(),
  account: z.string(),
  answer: z.string(),
  salt: z.string(),
  commitId: z.string(),
  workStartedAt: z.number(),
  auto: z.boolean(),
})

/** One commit waiting for its reveal. */
export type PendingReveal = z.infer<typeof entrySchema>

const fileSchema = z.object({ version: z.literal(1), reveals: z.array(entrySchema) })

/** The pending reveals file. */
export class PendingReveals {
  readonly #path: string
  #entries: PendingReveal[] = []
  #write: Promise<void> = Promise.resolve()

  private constructor(path: string) {
    this.#path = path
  }

  /** Loads the file (an absent file is an empty list). */
  static async open(path: string): Promise<PendingReveals> {
    const r = new PendingReveals(path)
    let text: string | undefined
    try {
      text = await readFile(path, 'utf8')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
    }
    if (text !== undefined) {
      const parsed = fileSchema.safeParse(JSON.parse(text))
      if (!parsed.success)
        throw new NodeError(
          'CONFIG_INVALID',
          `pending reveals file ${path} is damaged: ${parsed.error.issues[0]?.message}`,
        )
      r.#entries = parsed.data.reveals
    }
    return r
  }

  /** Every pending reveal. */
  list(): readonly PendingReveal[] {
    return this.#entries
  }

  /** The pending reveal of `account` for `taskId`. */
  find(taskId: string, account: string): PendingReveal | undefined {
    return this.#entries.find((e) => e.taskId === taskId && e.account === account)
  }

  /** Adds (or replaces) an entry; resolves once it is on disk. */
  add(entry: PendingReveal): Promise<void> {
    this.#entries = [
      ...this.#entries.filter((e) => !(e.taskId === entry.taskId && e.account === entry.account)),
      entry,
    ]
    return this.#persist()
  }

  /** Removes an entry; resolves once that is on disk. */
  remove(taskId: string, account: string): Promise<void> {
    this.#entries = this.#entries.filter((e) => !(e.taskId === taskId && e.account === account))
    return this.#persist()
  }

  #persist(): Promise<void> {
    const text = `${JSON.stringify({ version: 1, reveals: this.#entries }, null, 2)}\n`
    this.#write = this.#write.catch(() => undefined).then(() => writeFileAtomic(this.#path, text, 0o600))
    return this.#write
  }
}
