/**
 * Commands that open a node in this process through the node library (DESIGN §1, §7): `init`
 * (keys, token, data dir), `start` (run a node until a signal), `account` (the home's keystore),
 * `backup`, `recover` and `repair`.
 */

import { readFile } from 'node:fs/promises'
import type { Command } from 'commander'
import { TASK_TYPES } from '../api/types.js'
import { type Context, handler, intOption, type Runtime } from '../context.js'
import { CliError, EXIT } from '../errors.js'
import { createLogger } from '../log.js'
import { nodeFn } from '../node-lib.js'
import { emit, keyValues, table } from '../output.js'
import { progressBar } from '../progress.js'
import { enumValue } from './tasks.js'

const collect = (v: string, prev: string[] = []) => [...prev, v]

/** What `recover` reports (the node library's RecoveryReport). */
interface RecoveryReport {
  dataDir: string
  movedAside: string | null
  backup: { dir: string; id: string; createdAt: number; entries: number; incrementals: number } | null
  fromBackup: { messages: number; tasks: number; stateRoot: string }
  fromPeers: { peerId: string; tasks: number; messages: number }[]
  final: { messages: number; tasks: number; stateRoot: string; derivedDigest: string }
  peerRoots: { peerId: string; stateRoot: string }[]
  rootsMatch: boolean | null
}

function recoveryText(r: RecoveryReport): string {
  const lines = [
    `recovered ${r.dataDir}${r.movedAside ? ` (old data dir moved to ${r.movedAside})` : ''}`,
    r.backup
      ? `from backup ${r.backup.id} (${new Date(r.backup.createdAt).toISOString()}, ${r.backup.incrementals} incrementals): ${r.fromBackup.messages} messages, ${r.fromBackup.tasks} tasks`
      : 'no backup verified: everything came from peers',
    ...r.fromPeers.map((p) => `from peer ${p.peerId}: ${p.messages} messages, ${p.tasks} tasks`),
    `now: ${r.final.messages} messages, ${r.final.tasks} tasks, state root ${r.final.stateRoot}`,
    r.rootsMatch === null
      ? 'no peer answered: roots not compared'
      : r.rootsMatch
        ? `state root matches all ${r.peerRoots.length} peers`
        : `state root DIFFERS from: ${r.peerRoots
            .filter((p) => p.stateRoot !== r.final.stateRoot)
            .map((p) => p.peerId)
            .join(', ')}`,
  ]
  return lines.join('\n')
}

/** A keystore account as the node library lists it. */
interface AccountInfo {
  name: string
  address: string
  publicKey: string
  roles?: string[]
}

/** The home's resolved config (defaults < config file < AIMESH_* < the home given). */
async function homeConfig(
  ctx: Context,
): Promise<{ keystoreDir: string; dataDir: string; backupDir: string; home: string }> {
  return (await nodeFn('loadConfig'))({ options: { home: ctx.home }, env: ctx.env })
}

async function backupPlace(ctx: Context): Promise<{ backupDir: string; dataDir: string; keyFile?: string }> {
  const c = (await homeConfig(ctx)) as { backupDir: string; dataDir: string; backup?: { keyFile?: string } }
  return { backupDir: c.backupDir, dataDir: c.dataDir, keyFile: c.backup?.keyFile }
}

async function keystore(ctx: Context): Promise<{ keystoreDir: string; passphrase?: string }> {
  return { keystoreDir: (await homeConfig(ctx)).keystoreDir, passphrase: ctx.env.AIMESH_PASSPHRASE }
}

async function readStdin(): Promise<string> {
  let text = ''
  for await (const chunk of process.stdin) text += chunk
  return text
}

export function registerLifecycleCommands(program: Command, rt: Runtime): void {
  program
    .command('init')
    .description('create a home: a keystore (mode 0600), an API token, a genesis, a config and a data dir')
    .option(
      '--genesis <file>',
      'genesis JSON of the network to join (default: a one-node devnet of the new account)',
    )
    .option('--data-dir <dir>', 'where the LevelDB store lives (default: <home>/data)')
    .option('--account <name>', 'name of the first account', 'default')
    .option('--passphrase <text>', 'encrypt the keystore with this passphrase (or set AIMESH_PASSPHRASE)')
    .action(
      handler(
        rt,
        async (ctx, o: { genesis?: string; dataDir?: string; account: string; passphrase?: string }) => {
          const genesis =
            o.genesis === undefined ? undefined : (await (await nodeFn('loadGenesisFile'))(o.genesis)).genesis
          const r = await (await nodeFn('init'))({
            home: ctx.home,
            genesis,
            config: o.dataDir === undefined ? {} : { dataDir: o.dataDir },
            account: { name: o.account },
            passphrase: o.passphrase ?? ctx.env.AIMESH_PASSPHRASE,
          })
          const out = {
            home: r.config.home,
            dataDir: r.config.dataDir,
            keystore: r.config.keystoreDir,
            apiTokenFile: r.config.apiTokenFile,
            genesisHash: r.genesis.hash,
            networkId: r.genesis.genesis.networkId,
            account: r.account,
          }
          emit(ctx.io, ctx.json, out, (x) =>
            [
              `initialized ${x.home}`,
              keyValues([
                ['network', x.networkId],
                ['genesis', x.genesisHash],
                ['account', `${x.account?.name ?? '-'} ${x.account?.address ?? ''}`],
                ['data dir', x.dataDir],
                ['keystore', x.keystore],
                ['API token', x.apiTokenFile],
              ]),
              '',
              `next: aimesh --home ${x.home} start`,
            ].join('\n'),
          )
        },
      ),
    )

  const account = program.command('account').description("manage the home's keystore accounts")

  account
    .command('new')
    .description('create an account in the keystore')
    .argument('<name>', 'a name to refer to it by (e.g. miner-1)')
    .option(
      '--role <role>',
      'publisher, miner or validator (repeatable; default publisher and miner)',
      collect,
    )
    .action(
      handler(rt, async (ctx, name: string, o: { role?: string[] }) => {
        const r: AccountInfo = await (await nodeFn('accountNew'))({
          ...(await keystore(ctx)),
          name,
          roles: o.role,
        })
        emit(ctx.io, ctx.json, r, (x) => `created ${x.name} ${x.address}`)
      }),
    )

  account
    .command('list')
    .description('list the keystore accounts (no secrets)')
    .action(
      handler(rt, async (ctx) => {
        const accounts: AccountInfo[] = await (await nodeFn('accountList'))(await keystore(ctx))
        emit(ctx.io, ctx.json, { accounts }, (x) =>
          x.accounts.length
            ? table(
                ['NAME', 'ADDRESS', 'ROLES'],
                x.accounts.map((a) => [a.name, a.address, (a.roles ?? []).join(',')]),
              )
            : 'no accounts',
        )
      }),
    )

  account
    .command('export')
    .description("print an account's key file (keep it secret; seal it with --export-passphrase)")
    .argument('<name>', 'account name')
    .option('--export-passphrase <text>', 'seal the exported key file with this passphrase')
    .action(
      handler(rt, async (ctx, name: string, o: { exportPassphrase?: string }) => {
        const text: string = await (await nodeFn('accountExport'))({
          ...(await keystore(ctx)),
          account: name,
          exportPassphrase: o.exportPassphrase,
        })
        ctx.io.out(text)
      }),
    )

  account
    .command('import')
    .description('import an account from a key file made by `account export` (or a 64-hex seed)')
    .argument('<file>', 'key file path, or - for standard input')
    .option('--name <name>', 'name to store it under')
    .option('--role <role>', 'publisher, miner or validator (repeatable)', collect)
    .option('--import-passphrase <text>', 'passphrase the key file was sealed with')
    .action(
      handler(
        rt,
        async (ctx, file: string, o: { name?: string; role?: string[]; importPassphrase?: string }) => {
          const text = file === '-' ? await readStdin() : await readFile(file, 'utf8')
          const r: AccountInfo = await (await nodeFn('accountImport'))({
            ...(await keystore(ctx)),
            text: text.trim(),
            name: o.name,
            roles: o.role,
            importPassphrase: o.importPassphrase,
          })
          emit(ctx.io, ctx.json, r, (x) => `imported ${x.name} ${x.address}`)
        },
      ),
    )

  account
    .command('profile')
    .description(
      'sign the profile an account needs before its messages count (roles, specializations), through the running node',
    )
    .argument('<name>', 'account name')
    .option('--publisher', 'publishes tasks')
    .option('--miner', 'answers tasks')
    .option('--validator', 'scores answers')
    .option('--skill <type:proficiency>', 'a specialization, e.g. code-analysis:80 (repeatable)', collect)
    .option('--capacity <n>', 'tasks worked on at once', intOption('--capacity', 0, 1000), 4)
    .action(
      handler(
        rt,
        async (
          ctx,
          name: string,
          o: {
            publisher?: boolean
            miner?: boolean
            validator?: boolean
            skill?: string[]
            capacity: number
          },
        ) => {
          const specializations = (o.skill ?? []).map((s) => {
            const [type = '', prof = ''] = s.split(':')
            const proficiency = Number(prof)
            if (!Number.isInteger(proficiency) || proficiency < 0 || proficiency > 100)
              throw new CliError('USAGE', `--skill ${s}: write <type>:<0..100>, e.g. general:80`, EXIT.usage)
            return { taskType: enumValue('--skill', TASK_TYPES)(type), proficiency, maxDifficulty: 'EXPERT' }
          })
          const r = await ctx.api().profile(name, {
            publisher: o.publisher === true,
            miner: o.miner === true,
            validator: o.validator === true,
            specializations,
            capacity: o.capacity,
            name,
          })
          emit(ctx.io, ctx.json, r, (x) => `profile of ${name} signed: ${x.id}`)
        },
      ),
    )

  const backup = program.command('backup').description('back up, list, verify and restore the node store')

  backup
    .command('create')
    .description('write a backup now through the running node (full, or incremental on the last full one)')
    .action(
      handler(rt, async (ctx) => {
        const r = await ctx.api().backup()
        emit(ctx.io, ctx.json, r, (x) => `backup written\n${keyValues(Object.entries(x))}`)
      }),
    )

  backup
    .command('list')
    .description("list the home's backups, newest first")
    .action(
      handler(rt, async (ctx) => {
        const { backupRows } = await import('../backups.js')
        const backups = await backupRows(await backupPlace(ctx))
        emit(ctx.io, ctx.json, { backups }, (x) =>
          x.backups.length
            ? table(
                ['ID', 'KIND', 'CREATED', 'ENCRYPTED', 'BASE'],
                x.backups.map((b) => [b.id, b.kind, b.createdAt, b.encrypted ? 'yes' : '', b.base ?? '']),
              )
            : 'no backups yet',
        )
      }),
    )

  backup
    .command('verify')
    .description("check backups' manifests and SHA-256 of every file (default: every backup)")
    .argument('[backup]', 'backup id (or a prefix) or directory')
    .action(
      handler(rt, async (ctx, ref: string | undefined) => {
        const { verifyBackups } = await import('../backups.js')
        const bar = progressBar(ctx.io, ctx.json, 'verify')
        bar.update(0, 1)
        const results = await verifyBackups(await backupPlace(ctx), ref)
        bar.update(1, 1)
        bar.stop()
        emit(ctx.io, ctx.json, { results }, (x) =>
          x.results.length
            ? x.results
                .map(
                  (r) =>
                    `${r.ok ? 'ok      ' : 'DAMAGED '} ${r.id}${r.problems.length ? `: ${r.problems.join('; ')}` : ''}`,
                )
                .join('\n')
            : 'no backups to verify',
        )
        if (results.some((r) => !r.ok))
          throw new CliError(
            'BACKUP_DAMAGED',
            'a backup failed verification; restore from another one (`aimesh backup list`)',
          )
      }),
    )

  backup
    .command('restore')
    .description(
      'restore a backup (and the incrementals built on it) into an empty data dir; the node must be stopped',
    )
    .argument('[backup]', 'backup id or directory (default: the newest that verifies)')
    .option('--to <dir>', 'target data dir (default: the home data dir); it must be empty or absent')
    .action(
      handler(rt, async (ctx, ref: string | undefined, o: { to?: string }) => {
        const { restoreFromBackups } = await import('../backups.js')
        const place = await backupPlace(ctx)
        const bar = progressBar(ctx.io, ctx.json, 'restore')
        const r = await restoreFromBackups(place, o.to ?? place.dataDir, ref, (_s, done, total) =>
          bar.update(done, total),
        )
        bar.stop()
        emit(
          ctx.io,
          ctx.json,
          r,
          (x) =>
            `restored backup ${x.backup} (+${x.incrementals} incrementals, ${x.entries} entries) into ${x.target}`,
        )
      }),
    )

  program
    .command('recover')
    .description(
      'disaster recovery: restore the newest backup that verifies into a fresh data dir, sync the rest ' +
        'from peers, compare the state root with theirs and report what came from where',
    )
    .option(
      '-b, --bootstrap <multiaddr>',
      'a peer to sync from (repeatable; default: the configured ones)',
      collect,
    )
    .option('--listen <multiaddr>', 'libp2p listen address while recovering (repeatable)', collect)
    .option('--loopback', 'a local testnet: allow private addresses and many peers per host')
    .option('--move-aside', 'move a non-empty data dir aside instead of refusing')
    .option(
      '--peer-timeout <seconds>',
      'how long to wait for a first peer',
      intOption('--peer-timeout', 1, 3_600),
      30,
    )
    .action(
      handler(
        rt,
        async (
          ctx,
          o: {
            bootstrap?: string[]
            listen?: string[]
            loopback?: boolean
            moveAside?: boolean
            peerTimeout: number
          },
        ) => {
          const network: Record<string, unknown> = {}
          if (o.bootstrap) network.bootstrap = o.bootstrap
          if (o.listen) network.listen = o.listen
          if (o.loopback) network.loopback = true
          const report: RecoveryReport = await (await nodeFn('recover'))({
            home: ctx.home,
            config: Object.keys(network).length
              ? { network, api: { enabled: false } }
              : { api: { enabled: false } },
            moveAside: o.moveAside === true,
            peerTimeoutMs: o.peerTimeout * 1000,
            logger: createLogger({ level: 'warn' }),
            onStep: (step: string) => {
              if (!ctx.json) ctx.io.err(step)
            },
          })
          emit(ctx.io, ctx.json, report, recoveryText)
          if (report.rootsMatch === false)
            throw new CliError(
              'ROOTS_DIFFER',
              "recovered, but this node's state root differs from its peers'; start the node so anti-entropy finishes, then compare `aimesh status` with a peer's",
            )
        },
      ),
    )

  program
    .command('repair')
    .description('rebuild every derived record and index from the message log (the node must be stopped)')
    .option('--data-dir <dir>', 'data dir to repair (default: from the home)')
    .action(
      handler(rt, async (ctx, o: { dataDir?: string }) => {
        const r = await (await nodeFn('repair'))({ home: ctx.home, dataDir: o.dataDir })
        emit(
          ctx.io,
          ctx.json,
          r,
          (x: Record<string, unknown>) => `repaired\n${keyValues(Object.entries(x ?? {}))}`,
        )
      }),
    )
}
