/**
 * The testnet's live view (DESIGN §1): a table redrawn in place on a terminal, a plain line per
 * refresh otherwise (CI logs, pipes).
 */
import { short, table } from '../output.js'
import type { NodeSnapshot } from './monitor.js'

const STATUS_COLUMNS = [
  'PUBLISHED',
  'IN_PROGRESS',
  'ANSWERS_SUBMITTED',
  'UNDER_VALIDATION',
  'COMPLETED',
  'DISPUTED',
] as const
const STATUS_ABBREV: Record<(typeof STATUS_COLUMNS)[number], string> = {
  PUBLISHED: 'PUB',
  IN_PROGRESS: 'PROG',
  ANSWERS_SUBMITTED: 'ANS',
  UNDER_VALIDATION: 'VAL',
  COMPLETED: 'DONE',
  DISPUTED: 'DISP',
}

export interface TableExtras {
  elapsedS: number
  restarts: Record<number, number>
  published: number
  botErrors: number
  /** The last action a node refused, for the plain log. */
  lastBotError?: string
}

export function renderTable(snaps: NodeSnapshot[], x: TableExtras): string {
  const rows = snaps.map((s) => [
    `node-${s.index}`,
    s.up ? 'up' : 'DOWN',
    s.peers,
    s.messages,
    ...STATUS_COLUMNS.map((c) => s.tasksByStatus[c] ?? 0),
    s.certified,
    s.flagged,
    x.restarts[s.index] ?? 0,
    short(s.stateRoot),
  ])
  return [
    `aimesh testnet — ${snaps.length} nodes, ${x.elapsedS}s, ${x.published} tasks published by bots` +
      (x.botErrors ? `, ${x.botErrors} bot actions refused` : ''),
    table(
      [
        'NODE',
        'STATE',
        'PEERS',
        'MSGS',
        ...STATUS_COLUMNS.map((c) => STATUS_ABBREV[c]),
        'CERT',
        'FLAG',
        'RESTARTS',
        'ROOT',
      ],
      rows,
    ),
    'Ctrl-C stops the testnet',
  ].join('\n')
}

export function renderLine(snaps: NodeSnapshot[], x: TableExtras): string {
  const nodes = snaps
    .map(
      (s) =>
        `${s.index}:${s.up ? 'up' : 'down'}/p${s.peers}/m${s.messages}/c${s.certified}/f${s.flagged}/${short(s.stateRoot)}`,
    )
    .join(' ')
  const restarts = Object.values(x.restarts).reduce((a, b) => a + b, 0)
  const refused = x.botErrors ? ` refused=${x.botErrors} (last: ${x.lastBotError ?? '-'})` : ''
  return `testnet t=${x.elapsedS}s published=${x.published} restarts=${restarts} ${nodes}${refused}`
}
