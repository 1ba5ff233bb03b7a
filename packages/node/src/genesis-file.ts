/**
 * The genesis file (DESIGN §4): a JSON document with the network id, genesis time, pre-trusted
 * validators and rule parameters. Created, loaded and validated here; every error names the field
 * and says why. Its hash is the engine's genesisHash (canonical JSON), so two files that differ
 * only in key order or whitespace name the same network.
 */
import { readFile } from 'node:fs/promises'
import {
  assertGenesis,
  createGenesis,
  DEFAULT_GENESIS_PARAMS,
  type Genesis,
  type GenesisParams,
  genesisHash,
} from '@aimesh/engine'
import { z } from 'zod'
import { NodeError } from './errors.js'
import { writeFileAtomic } from './fs-atomic.js'
import { zodError } from './zod-errors.js'

/** The `format` tag of a genesis file. */
export const GENESIS_FORMAT = 'aimesh-genesis'
/** The file format version this node reads and writes. */
export const GENESIS_FILE_VERSION = 1

const hexKey = z.string().regex(/^[0-9a-f]{64}$/, 'must be a 64-character lowercase hex ed25519 public key')

/**
 * The schema of `params`, built from the engine's defaults so a parameter the engine adds is
 * accepted (with its type) without an edit here; unknown names are refused (a typo would otherwise
 * silently fall back to the default).
 */
function paramsSchema() {
  const shape: Record<string, z.ZodType> = {}
  for (const [name, value] of Object.entries(DEFAULT_GENESIS_PARAMS)) {
    if (typeof value === 'number') shape[name] = z.number().finite().optional()
    else if (typeof value === 'string') shape[name] = z.string().optional()
    else if (typeof value === 'boolean') shape[name] = z.boolean().optional()
    else if (value !== null && typeof value === 'object') {
      const inner: Record<string, z.ZodType> = {}
      for (const k of Object.keys(value)) inner[k] = z.number().int().nonnegative()
      shape[name] = z.object(inner).strict().optional()
    }
  }
  return z.object(shape).strict()
}

const fileSchema = z
  .object({
    format: z.literal(GENESIS_FORMAT, { message: `must be "${GENESIS_FORMAT}"` }),
    version: z.literal(GENESIS_FILE_VERSION, { message: `must be ${GENESIS_FILE_VERSION}` }),
    networkId: z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, "must be 1-32 characters of a-z, 0-9 and '-'"),
    genesisTime: z.number().int('must be whole unix milliseconds').positive('must be unix milliseconds'),
    preTrustedValidators: z.array(hexKey).max(1024),
    params: paramsSchema().default({}),
  })
  .strict()

/** The JSON shape of a genesis file. */
export interface GenesisFile {
  format: typeof GENESIS_FORMAT
  version: typeof GENESIS_FILE_VERSION
  networkId: string
  genesisTime: number
  preTrustedValidators: string[]
  params: Partial<GenesisParams>
}

/** A loaded genesis with its hash. */
export interface LoadedGenesis {
  genesis: Genesis
  hash: string
}

/** The file form of a genesis (every parameter written out, so the file documents the network). */
export function genesisToFile(genesis: Genesis): GenesisFile {
  return {
    format: GENESIS_FORMAT,
    version: GENESIS_FILE_VERSION,
    networkId: genesis.networkId,
    genesisTime: genesis.genesisTime,
    preTrustedValidators: [...genesis.preTrustedValidators],
    params: { ...genesis.params },
  }
}

/** Validates parsed JSON as a genesis file; throws GENESIS_INVALID naming the field. */
export function parseGenesis(json: unknown, source = 'genesis'): LoadedGenesis {
  const parsed = fileSchema.safeParse(json)
  if (!parsed.success) throw zodError('GENESIS_INVALID', source, parsed.error)
  const f = parsed.data
  let genesis: Genesis
  try {
    genesis = createGenesis({
      networkId: f.networkId,
      genesisTime: f.genesisTime,
      preTrustedValidators: f.preTrustedValidators,
      params: f.params as Partial<GenesisParams>,
    })
    assertGenesis(genesis)
  } catch (err) {
    // The engine's checks name the field first ("params.roundMs must be ...").
    const message = (err as Error).message
    const field = /^([A-Za-z.]+)/.exec(message)?.[1]
    throw new NodeError('GENESIS_INVALID', `${source} is invalid: ${message}`, field)
  }
  return { genesis, hash: genesisHash(genesis) }
}

/** Reads and validates a genesis file. */
export async function loadGenesisFile(path: string): Promise<LoadedGenesis> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (err) {
    throw new NodeError(
      'GENESIS_INVALID',
      `cannot read genesis file ${path}: ${(err as Error).message}; run \`aimesh init\` or pass --genesis`,
    )
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (err) {
    throw new NodeError(
      'GENESIS_INVALID',
      `genesis file ${path} is not valid JSON: ${(err as Error).message}`,
    )
  }
  return parseGenesis(json, `genesis file ${path}`)
}

/** How to make a new genesis (anything left out takes the engine's default). */
export interface GenesisInit {
  networkId?: string
  genesisTime?: number
  preTrustedValidators?: string[]
  params?: Partial<GenesisParams>
}

/** Builds and validates a genesis (errors as parseGenesis's). */
export function makeGenesis(init: GenesisInit = {}): LoadedGenesis {
  return parseGenesis(
    genesisToFile({
      networkId: init.networkId ?? 'devnet',
      genesisTime: init.genesisTime ?? Date.now(),
      preTrustedValidators: (init.preTrustedValidators ?? []).map((k) => k.toLowerCase()),
      params: { ...DEFAULT_GENESIS_PARAMS, ...init.params },
    }),
  )
}

/** Writes a genesis file (pretty JSON, atomically). */
export async function writeGenesisFile(path: string, genesis: Genesis): Promise<string> {
  await writeFileAtomic(path, `${JSON.stringify(genesisToFile(genesis), null, 2)}\n`, 0o644)
  return genesisHash(genesis)
}
