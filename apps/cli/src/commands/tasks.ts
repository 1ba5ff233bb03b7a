/**
 * `aimesh task publish/list/show`, `answer commit/reveal/submit`, `score`, `vote`, `claim`: the
 * task lifecycle of DESIGN §6 driven through the running node's API (docs/api.md). Each action is
 * signed by the node's keystore account named with --account.
 */
import { readFile } from 'node:fs/promises'
import type { Command } from 'commander'
import { TASK_STATUSES, type TaskView } from '../api/types.js'
import { handler, intOption, type Runtime } from '../context.js'
import { emit, keyValues, short, table } from '../output.js'

const account = ['-a, --account <name>', 'keystore account that signs the message'] as const

function taskRows(tasks: TaskView[]): string {
  if (tasks.length === 0) return 'no tasks'
  return table(
    ['ID', 'STATUS', 'TYPE', 'REWARD', 'ANSWERS', 'OUTCOME', 'TITLE'],
    tasks.map((t) => [
      short(t.id),
      t.status,
      String(t.taskType ?? '-'),
      t.reward ?? '-',
      t.submissions?.length ?? '-',
      t.outcome?.state ?? '-',
      t.title ?? '',
    ]),
  )
}

function taskDetail(t: TaskView): string {
  const head = keyValues([
    ['id', t.id],
    ['title', t.title ?? ''],
    ['status', t.status],
    ['type', String(t.taskType ?? '-')],
    ['publisher', t.publisher ?? '-'],
    ['reward', t.reward ?? '-'],
    ['outcome', t.outcome ? `${t.outcome.state} ${t.outcome.root ?? ''}`.trim() : '-'],
  ])
  const subs = (t.submissions ?? []).map((s) => [
    short(s.id),
    short(s.miner),
    s.score ?? '-',
    s.flagged ? 'yes' : '',
  ])
  const rewards = (t.rewards ?? []).map((r) => [
    short(r.recipient ?? r.account),
    r.amount ?? '-',
    r.claimed ? 'yes' : '',
  ])
  return [
    head,
    '',
    subs.length ? table(['SUBMISSION', 'MINER', 'SCORE', 'FLAGGED'], subs) : 'no submissions',
    '',
    rewards.length ? table(['RECIPIENT', 'AMOUNT', 'CLAIMED'], rewards) : 'no rewards yet',
  ].join('\n')
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
    .option('--type <type>', 'task type (e.g. text, code, classification, security-audit)', 'text')
    .option('-d, --difficulty <n>', 'difficulty 1..10', intOption('--difficulty', 1, 10), 5)
    .requiredOption('-r, --reward <amount>', 'reward in base units (decimal integer)')
    .option('-i, --input <text|@file>', 'the task input, or @path to read it from a file')
    .option(
      '--reviewers <n>',
      'validators required to score each answer (≥ 2)',
      intOption('--reviewers', 2, 64),
    )
    .action(
      handler(rt, async (ctx, o: Record<string, string | number | undefined>) => {
        if (!/^\d+$/.test(String(o.reward))) throw new Error('--reward must be a decimal integer amount')
        const r = await ctx.api().publishTask({
          account: String(o.account),
          title: String(o.title),
          taskType: String(o.type),
          difficulty: Number(o.difficulty),
          reward: String(o.reward),
          input: await readInput(o.input as string | undefined),
          requiredReviewers: o.reviewers as number | undefined,
        })
        emit(ctx.io, ctx.json, r, (x) => `published task ${x.id}`)
      }),
    )

  task
    .command('list')
    .description('list tasks the node holds, optionally filtered')
    .option('-s, --status <status>', `one of ${TASK_STATUSES.join(', ')}`)
    .option('--type <type>', 'task type')
    .option('--publisher <account>', 'publisher account (hex)')
    .option('-n, --limit <n>', 'at most this many', intOption('--limit', 1, 10_000), 50)
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
