/**
 * `aimesh status`, `peers` (with `ban`/`unban`) and `dispute open/vote/list`: reading the running
 * node and acting on its peers and disputes through the API (docs/api.md, DESIGN §6, §8).
 */
import type { Command } from 'commander'
import { DISPUTE_TYPES } from '../api/types.js'
import { handler, type Runtime } from '../context.js'
import { emit, keyValues, short, table } from '../output.js'
import { enumValue } from './tasks.js'

export function registerNetworkCommands(program: Command, rt: Runtime): void {
  program
    .command('status')
    .description(
      'show the running node: network, peer id, both roots (message set, derived), counts and health',
    )
    .action(
      handler(rt, async (ctx) => {
        const api = ctx.api()
        const [status, health] = await Promise.all([api.status(), api.health()])
        emit(ctx.io, ctx.json, { ...status, health }, (s) =>
          keyValues([
            ['network', s.networkId],
            ['genesis', s.genesisHash],
            ['peer id', s.peerId],
            ['state root', s.stateRoot],
            ['derived digest', s.derivedDigest],
            ['messages', String(s.messages)],
            ['tasks', String(s.tasks)],
            ['epoch', String(s.epoch ?? '-')],
            ['healthy', health.ok ? 'yes' : 'no'],
            ['peers', String(health.peers ?? '-')],
            ['sync lag', String(health.syncLag ?? '-')],
          ]),
        )
      }),
    )

  const peers = program
    .command('peers')
    .description('list connected peers with their scores and bans')
    .action(
      handler(rt, async (ctx) => {
        const p = await ctx.api().peers()
        emit(ctx.io, ctx.json, p, (x) =>
          [
            x.peers.length
              ? table(
                  ['PEER', 'SCORE', 'ADDRESSES'],
                  x.peers.map((q) => [q.peerId, q.score ?? '-', (q.addrs ?? []).join(' ')]),
                )
              : 'no peers connected',
            `${x.bans.length} banned`,
          ].join('\n'),
        )
      }),
    )

  peers
    .command('ban')
    .description('ban a peer: disconnect it and refuse it until unbanned')
    .argument('<peerId>', 'libp2p peer id')
    .action(
      handler(rt, async (ctx, peerId: string) => {
        const r = await ctx.api().ban(peerId)
        emit(ctx.io, ctx.json, r, () => `banned ${peerId}`)
      }),
    )

  peers
    .command('unban')
    .description('lift a ban on a peer')
    .argument('<peerId>', 'libp2p peer id')
    .action(
      handler(rt, async (ctx, peerId: string) => {
        const r = await ctx.api().unban(peerId)
        emit(ctx.io, ctx.json, r, () => `unbanned ${peerId}`)
      }),
    )

  const dispute = program
    .command('dispute')
    .description('open, vote on and list disputes about task outcomes')

  dispute
    .command('open')
    .description('open a dispute about a task inside its challenge window')
    .argument('<task>', 'task id')
    .requiredOption('-a, --account <name>', 'keystore account that signs the dispute')
    .requiredOption(
      '--type <type>',
      `one of ${DISPUTE_TYPES.join(', ').toLowerCase()}`,
      enumValue('--type', DISPUTE_TYPES),
    )
    .requiredOption('--accused <id>', 'the submission (or account) the dispute is about, hex')
    .option('--reason <text>', 'why the outcome is wrong')
    .option(
      '--evidence <id>',
      'id of a message that shows it (repeatable)',
      (v: string, p: string[] = []) => [...p, v],
    )
    .action(
      handler(
        rt,
        async (
          ctx,
          task: string,
          o: { account: string; type: string; accused: string; reason?: string; evidence?: string[] },
        ) => {
          const r = await ctx.api().openDispute(task, {
            account: o.account,
            disputeType: o.type,
            accused: o.accused,
            reason: o.reason,
            evidence: o.evidence,
          })
          emit(ctx.io, ctx.json, r, (x) => `opened dispute ${x.id}`)
        },
      ),
    )

  dispute
    .command('vote')
    .description('vote on a dispute as a panel member (trust ≥ 0.7)')
    .argument('<dispute>', 'dispute id')
    .requiredOption('-a, --account <name>', 'panel member account')
    .option('--uphold', 'uphold the dispute (the default)')
    .option('--reject', 'reject the dispute')
    .action(
      handler(rt, async (ctx, id: string, o: { account: string; uphold?: boolean; reject?: boolean }) => {
        if (o.uphold && o.reject) throw new Error('choose one of --uphold and --reject')
        const r = await ctx.api().voteDispute(id, o.account, !o.reject)
        emit(ctx.io, ctx.json, r, (x) => `voted ${o.reject ? 'reject' : 'uphold'} on ${short(id)}: ${x.id}`)
      }),
    )

  dispute
    .command('list')
    .description('list disputes, optionally for one task')
    .option('--task <id>', 'only disputes about this task')
    .action(
      handler(rt, async (ctx, o: { task?: string }) => {
        const disputes = await ctx.api().disputes(o.task)
        emit(ctx.io, ctx.json, { disputes }, (x) =>
          x.disputes.length
            ? table(
                ['ID', 'TASK', 'TYPE', 'STATUS'],
                x.disputes.map((d) => [
                  short(d.id),
                  short(d.taskId),
                  String(d.disputeType ?? '-'),
                  d.status ?? '-',
                ]),
              )
            : 'no disputes',
        )
      }),
    )
}
