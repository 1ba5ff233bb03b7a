/** Test helpers: temp dirs, random ids and record factories with protobuf defaults. */
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  DisputeRecord,
  FraudAnalysis,
  MinerRecord,
  RewardDistribution,
  SubmissionRecord,
  TaskRecord,
  ValidationRecord,
} from '@aimesh/protocol'
import type { LoggedMessage } from '../src/index.js'

const EMPTY = new Uint8Array(0)

/** A fresh temp directory and a cleanup function. */
export async function tempDir(
  prefix = 'aimesh-store-',
): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix))
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) }
}

/** A random 32-byte id. */
export function rid(): Uint8Array<ArrayBuffer> {
  return new Uint8Array(randomBytes(32))
}

/** An id whose bytes are all `n` (readable in failures). */
export function fid(n: number): Uint8Array<ArrayBuffer> {
  return new Uint8Array(32).fill(n)
}

/** A task record. */
export function task(overrides: Partial<TaskRecord> = {}): TaskRecord {
  return { ...TaskRecord.decode(EMPTY), id: rid(), publisher: rid(), ...overrides }
}

/** A miner record. */
export function miner(overrides: Partial<MinerRecord> = {}): MinerRecord {
  return { ...MinerRecord.decode(EMPTY), account: rid(), ...overrides }
}

/** A submission record. */
export function submission(overrides: Partial<SubmissionRecord> = {}): SubmissionRecord {
  return { ...SubmissionRecord.decode(EMPTY), id: rid(), taskId: rid(), miner: rid(), ...overrides }
}

/** A validation record. */
export function validation(overrides: Partial<ValidationRecord> = {}): ValidationRecord {
  return {
    ...ValidationRecord.decode(EMPTY),
    id: rid(),
    taskId: rid(),
    submissionId: rid(),
    validator: rid(),
    ...overrides,
  }
}

/** A reward distribution. */
export function reward(overrides: Partial<RewardDistribution> = {}): RewardDistribution {
  return { ...RewardDistribution.decode(EMPTY), taskId: rid(), ...overrides }
}

/** A fraud analysis. */
export function fraud(overrides: Partial<FraudAnalysis> = {}): FraudAnalysis {
  return { ...FraudAnalysis.decode(EMPTY), subjectId: rid(), taskId: rid(), account: rid(), ...overrides }
}

/** A dispute record. */
export function dispute(overrides: Partial<DisputeRecord> = {}): DisputeRecord {
  return { ...DisputeRecord.decode(EMPTY), id: rid(), taskId: rid(), opener: rid(), ...overrides }
}

/** A logged message with random envelope bytes. */
export function message(taskId: Uint8Array, overrides: Partial<LoggedMessage> = {}): LoggedMessage {
  return {
    id: rid(),
    bytes: new Uint8Array(randomBytes(64)),
    kind: 1,
    signer: rid(),
    timestamp: 1_700_000_000_000,
    taskId,
    ...overrides,
  }
}

/** Hex of bytes. */
export function hexOf(b: Uint8Array): string {
  return Buffer.from(b).toString('hex')
}

/** Sorted hex list, for set comparisons. */
export function hexSet(list: Uint8Array[]): string[] {
  return list.map(hexOf).sort()
}
