/**
 * Commands that open a node in this process through the node library (DESIGN §1, §7): `init`
 * (keys, token, data dir), `start` (run a node until a signal), `account` (the home's keystore),
 * `backup`, `recover` and `repair`.
 */

import { readFile } from 'node:fs/promises'
import { type Command, InvalidArgumentError } from 'commander'
import { TASK_TYPES } from '../api/types.js'
import { type Context, handler, intOption, type Runtime } from '../context.js'
import { CliError, EXIT } from '../errors.js'
import { createLogger } from '../log.js'
import { nodeFn, nodeLib } from '../node-lib.js'
import { emit, keyValues, table } from '../output.js'
import { progressBar } from '../progress.js'
import { enumValue } from './tasks.js'

const collect = (v: string, prev: string[] = []) => [...prev, v]

const ROLE_NAMES = ['publisher', 'miner', 'validator'] as const
type Role = (typeof ROLE_NAMES)[number]
const collectRole = (v: string, prev: Role[] = []): Role[] => {
  if (!(ROLE_NAMES as readonly string[]).includes(v))
    throw new InvalidArgumentError(`--role must be one of ${ROLE_NAMES.join(', ')}`)
  return [...prev, v as Role]
}

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
      collectRole,
    )
    .action(
      handler(rt, async (ctx, name: string, o: { role?: Role[] }) => {
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
    .option('--role <role>', 'publisher, miner or validator (repeatable)', collectRole)
    .option('--import-passphrase <text>', 'passphrase the key file was sealed with')
    .action(
      handler(
        rt,
        async (ctx, file: string, o: { name?: string; role?: Role[]; importPassphrase?: string }) => {
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
    .description('write a backup now: through the running node, or with --offline from a stopped one')
    .option('--offline', 'open the data dir directly (the node must be stopped)')
    .action(
      handler(rt, async (ctx, o: { offline?: boolean }) => {
        if (!o.offline) {
          const r = await ctx.api().backup()
          return emit(ctx.io, ctx.json, r, (x) => `backup written\n${keyValues(Object.entries(x))}`)
        }
        const { createBackup } = await nodeLib()
        const bar = progressBar(ctx.io, ctx.json, 'backup')
        const r = await createBackup({ home: ctx.home, env: ctx.env, onProgress: (d, t) => bar.update(d, t) })
        bar.stop()
        emit(
          ctx.io,
          ctx.json,
          r,
          (x) => `backup ${x.id} written to ${x.dir} (${x.entries} entries, ${x.bytes} bytes)`,
        )
      }),
    )

  backup
    .command('list')
    .description("list the home's backups, newest first")
    .action(
      handler(rt, async (ctx) => {
        const { listBackups } = await nodeLib()
        const backups = await listBackups({ home: ctx.home, env: ctx.env })
        emit(ctx.io, ctx.json, { backups }, (x) =>
          x.backups.length
            ? table(
                ['ID', 'KIND', 'CREATED', 'ENTRIES', 'ENCRYPTED', 'BASE'],
                x.backups.map((b) => [
                  b.id,
                  b.kind,
                  b.createdAtIso,
                  b.entries,
                  b.encrypted ? 'yes' : '',
                  b.base ?? '',
                ]),
              )
            : 'no backups yet',
        )
      }),
    )

  backup
    .command('verify')
    .description("check a backup's manifest and the SHA-256 of every file (default: the newest full backup)")
    .argument('[backup]', 'backup id, directory name or path')
    .action(
      handler(rt, async (ctx, ref: string | undefined) => {
        const { verifyBackup } = await nodeLib()
        const r = await verifyBackup({ home: ctx.home, env: ctx.env, backup: ref })
        const out = { ok: r.ok, dir: r.dir, contentsChecked: r.contentsChecked, problems: r.problems }
        emit(ctx.io, ctx.json, out, (x) =>
          x.ok
            ? `backup ${x.dir} verified${x.contentsChecked ? '' : ' (encrypted: hashes checked; give the key file to check contents)'}`
            : `backup ${x.dir} is DAMAGED:\n${x.problems.map((p) => `  ${p.code}: ${p.message}`).join('\n')}`,
        )
        if (!r.ok)
          throw new CliError(
            'BACKUP_DAMAGED',
            'the backup failed verification; restore an older one (`aimesh backup list`)',
          )
      }),
    )

  backup
    .command('restore')
    .description(
      'restore a full backup and the incrementals built on it into an empty data dir (node stopped)',
    )
    .argument('[backup]', 'backup id, directory name or path (default: the newest full backup)')
    .option('--to <dir>', 'target data dir (default: the home data dir); it must be empty or absent')
    .action(
      handler(rt, async (ctx, ref: string | undefined, o: { to?: string }) => {
        const { restoreBackup } = await nodeLib()
        const bar = progressBar(ctx.io, ctx.json, 'restore')
        const r = await restoreBackup({
          home: ctx.home,
          env: ctx.env,
          backup: ref,
          target: o.to,
          onProgress: (d, t) => bar.update(d, t),
        })
        bar.stop()
        emit(
          ctx.io,
          ctx.json,
          r,
          (x) =>
            `restored ${x.backup} (+${x.incrementalsApplied} incrementals, ${x.entries} entries) into ${x.dir}`,
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
        const { repair } = await nodeLib()
        const r = await repair({ home: ctx.home, env: ctx.env, dataDir: o.dataDir })
        emit(ctx.io, ctx.json, r, (x) =>
          [
            `repaired ${x.dataDir}: ${x.messages} messages re-derived`,
            keyValues([
              ['state root', x.stateRoot],
              ['derived digest', x.derivedDigest],
              [
                'integrity',
                x.integrityOk ? 'ok' : 'PROBLEMS remain; restore a backup or run `aimesh recover`',
              ],
            ]),
          ].join('\n'),
        )
        if (!r.integrityOk)
          throw new CliError('INTEGRITY', 'the store still fails its integrity check after repair')
      }),
    )
}
