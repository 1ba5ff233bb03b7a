/**
 * `aimesh task publish/list/show`, `answer commit/reveal/submit`, `score`, `vote`, `claim`: the
 * task lifecycle of DESIGN §6 driven through the running node's API (docs/api.md). Each action is
 * signed by the node's keystore account named with --account.
 */
import { readFile } from 'node:fs/promises'
import { type Command, InvalidArgumentError } from 'commander'
import { DIFFICULTIES, TASK_STATUSES, TASK_TYPES, type TaskSummary, type TaskView } from '../api/types.js'
import { handler, intOption, type Runtime } from '../context.js'
import { CliError, EXIT } from '../errors.js'
import { emit, keyValues, short, table } from '../output.js'

const account = ['-a, --account <name>', 'keystore account that signs the message'] as const

interface PublishOptions {
  account: string
  title: string
  type: string
  difficulty: string
  reward: string
  description?: string
  input?: string
  reviewers?: number
  commit?: number
  reveal?: number
  validation?: number
  challenge?: number
}

function count(v: TaskSummary['submissions']): number | string {
  return Array.isArray(v) ? v.length : (v ?? '-')
}

function taskRows(tasks: TaskSummary[]): string {
  if (tasks.length === 0) return 'no tasks'
  return table(
    ['ID', 'STATUS', 'TYPE', 'REWARD', 'ANSWERS', 'CERTIFIED', 'TITLE'],
    tasks.map((t) => [
      short(t.id),
      t.status,
      t.taskType ?? '-',
      t.reward ?? '-',
      count(t.submissions),
      t.certified ? 'yes' : '',
      t.title ?? '',
    ]),
  )
}

function taskDetail(t: TaskView): string {
  const head = keyValues([
    ['id', t.id],
    ['title', t.title ?? ''],
    ['status', t.status],
    ['type', t.taskType ?? '-'],
    ['publisher', t.publisher ?? '-'],
    ['reward', t.reward ?? '-'],
    ['outcome', t.outcome ? `${t.outcome.state} ${t.outcome.root ?? ''}`.trim() : '-'],
  ])
  const subs = (t.submissions ?? []).map((s) => [
    s.id,
    short(s.miner),
    s.consensusReached ? String(s.consensusScore ?? '-') : '-',
    s.validations?.length ?? 0,
    s.flagged ? 'yes' : '',
  ])
  const rewards = (t.rewards?.entries ?? []).map((r) => [
    short(r.recipient),
    r.role ?? '',
    r.amount,
    r.claimed ? 'yes' : '',
  ])
  return [
    head,
    '',
    subs.length ? table(['SUBMISSION', 'MINER', 'CONSENSUS', 'SCORES', 'FLAGGED'], subs) : 'no submissions',
    '',
    rewards.length ? table(['RECIPIENT', 'ROLE', 'AMOUNT', 'CLAIMED'], rewards) : 'no rewards yet',
  ].join('\n')
}

/** Accepts `general`, `code-analysis`, `CODE_ANALYSIS`: the API's enum names, case and dashes forgiven. */
export function enumValue(name: string, allowed: readonly string[]) {
  return (value: string): string => {
    const v = value.trim().toUpperCase().replace(/-/g, '_')
    if (!allowed.includes(v))
      throw new InvalidArgumentError(
        `${name} must be one of ${allowed.map((a) => a.toLowerCase().replace(/_/g, '-')).join(', ')}`,
      )
    return v
  }
}

/** Reads --input: `@path` reads a file, anything else is the input itself. */
async function readInput(input: string | undefined): Promise<string | undefined> {
  if (input === undefined) return undefined
  return input.startsWith('@') ? readFile(input.slice(1), 'utf8') : input
}

export function registerTaskCommands(program: Command, rt: Runtime): void {
  const task = program.command('task').description('publish, list and inspect tasks')

  task
    .command('publish')
    .description('publish a task with a reward; prints its id')
    .requiredOption(...account)
    .requiredOption('-t, --title <text>', 'short title of the task')
    .option(
      '--type <type>',
      'task type: general, code-analysis, security-audit, …',
      enumValue('--type', TASK_TYPES),
      'GENERAL',
    )
    .option(
      '-d, --difficulty <level>',
      'beginner, intermediate, advanced or expert',
      enumValue('--difficulty', DIFFICULTIES),
      'BEGINNER',
    )
    .requiredOption('-r, --reward <amount>', 'reward in base units (decimal integer)')
    .option('--description <text>', 'what the publisher wants')
    .option('-i, --input <text|@file>', 'the task input, or @path to read it from a file')
    .option(
      '--reviewers <n>',
      'validators required to score each answer (≥ 2)',
      intOption('--reviewers', 2, 32),
    )
    .option('--commit <seconds>', 'commit window length', intOption('--commit', 1, 7_776_000))
    .option('--reveal <seconds>', 'reveal window length', intOption('--reveal', 1, 7_776_000))
    .option('--validation <seconds>', 'validation window length', intOption('--validation', 1, 7_776_000))
    .option('--challenge <seconds>', 'challenge window length', intOption('--challenge', 1, 7_776_000))
    .action(
      handler(rt, async (ctx, o: PublishOptions) => {
        if (!/^\d+$/.test(o.reward))
          throw new CliError('USAGE', '--reward must be a decimal integer amount', EXIT.usage)
        const ms = (s: number | undefined) => (s === undefined ? undefined : s * 1000)
        const phases = {
          commitMs: ms(o.commit),
          revealMs: ms(o.reveal),
          validationMs: ms(o.validation),
          challengeMs: ms(o.challenge),
        }
        const r = await ctx.api().publishTask({
          account: o.account,
          title: o.title,
          description: o.description,
          taskType: o.type,
          difficulty: o.difficulty,
          reward: o.reward,
          input: await readInput(o.input),
          verification: o.reviewers === undefined ? undefined : { requiredReviewers: o.reviewers },
          phases: Object.values(phases).some((v) => v !== undefined) ? phases : undefined,
        })
        emit(ctx.io, ctx.json, r, (x) => `published task ${x.id}`)
      }),
    )

  task
    .command('list')
    .description('list tasks the node holds, optionally filtered')
    .option(
      '-s, --status <status>',
      `one of ${TASK_STATUSES.join(', ').toLowerCase()}`,
      enumValue('--status', TASK_STATUSES),
    )
    .option('--type <type>', 'task type', enumValue('--type', TASK_TYPES))
    .option('--publisher <account>', 'publisher account (hex)')
    .option('-n, --limit <n>', 'at most this many', intOption('--limit', 1, 1_000), 50)
    .action(
      handler(rt, async (ctx, o: { status?: string; type?: string; publisher?: string; limit: number }) => {
        const tasks = await ctx.api().tasks(o)
        emit(ctx.io, ctx.json, { tasks }, (x) => taskRows(x.tasks))
      }),
    )

  task
    .command('show')
    .description('show a task with its submissions, validations, outcome and rewards')
    .argument('<task>', 'task id (hex)')
    .action(
      handler(rt, async (ctx, id: string) => {
        const t = await ctx.api().task(id)
        emit(ctx.io, ctx.json, t, taskDetail)
      }),
    )

  const answer = program
    .command('answer')
    .description('answer a task: commit a hash first, reveal after the commit window')

  answer
    .command('commit')
    .description('commit to an answer; the node keeps the salt for the reveal')
    .argument('<task>', 'task id')
    .requiredOption(...account)
    .requiredOption('--answer <text|@file>', 'the answer, or @path to read it from a file')
    .action(
      handler(rt, async (ctx, id: string, o: { account: string; answer: string }) => {
        const r = await ctx.api().commit(id, o.account, (await readInput(o.answer)) ?? '')
        emit(
          ctx.io,
          ctx.json,
          r,
          (x) =>
            `committed ${x.id}; reveal it after the commit window with \`aimesh answer reveal ${id} -a ${o.account}\``,
        )
      }),
    )

  answer
    .command('reveal')
    .description('reveal the answer committed earlier by this account')
    .argument('<task>', 'task id')
    .requiredOption(...account)
    .action(
      handler(rt, async (ctx, id: string, o: { account: string }) => {
        const r = await ctx.api().reveal(id, o.account)
        emit(ctx.io, ctx.json, r, (x) => `revealed ${x.id}`)
      }),
    )

  answer
    .command('submit')
    .description('commit now and let the node reveal when the commit window closes')
    .argument('<task>', 'task id')
    .requiredOption(...account)
    .requiredOption('--answer <text|@file>', 'the answer, or @path to read it from a file')
    .action(
      handler(rt, async (ctx, id: string, o: { account: string; answer: string }) => {
        const r = await ctx.api().answer(id, o.account, (await readInput(o.answer)) ?? '')
        emit(
          ctx.io,
          ctx.json,
          r,
          (x) => `committed ${x.commitId}; the node reveals it when the commit window closes`,
        )
      }),
    )

  program
    .command('score')
    .description('score a revealed answer (0..100) as a validator')
    .argument('<submission>', 'submission id')
    .argument('<score>', 'score 0..100', intOption('score', 0, 100))
    .requiredOption(...account)
    .action(
      handler(rt, async (ctx, submission: string, score: number, o: { account: string }) => {
        const r = await ctx.api().score(submission, o.account, score)
        emit(ctx.io, ctx.json, r, (x) => `scored ${short(submission)} ${score}: ${x.id}`)
      }),
    )

  program
    .command('vote')
    .description("cast the node's computed consensus vote for a task now (nobody types a root)")
    .argument('<task>', 'task id')
    .option('-a, --account <name>', 'validator account (default: every validator the node holds)')
    .action(
      handler(rt, async (ctx, id: string, o: { account?: string }) => {
        const r = await ctx.api().vote(id, o.account)
        emit(ctx.io, ctx.json, r, (x) => `voted ${x.id} for outcome root ${x.root}`)
      }),
    )

  program
    .command('claim')
    .description("claim this account's reward entry of a certified outcome")
    .argument('<task>', 'task id')
    .requiredOption(...account)
    .action(
      handler(rt, async (ctx, id: string, o: { account: string }) => {
        const r = await ctx.api().claim(id, o.account)
        emit(ctx.io, ctx.json, r, (x) => `claimed: ${x.id}`)
      }),
    )
}
