/**
 * One way to turn zod issues into a NodeError that names the field and says why (genesis, config
 * and the HTTP API all validate with zod; STYLE: errors a person reads say what to do).
 */
import type { z } from 'zod'
import { NodeError, type NodeErrorCode } from './errors.js'

/** The dotted path of an issue (`params.roundMs`, `tasks[0].reward`), or `(root)`. */
export function issuePath(issue: z.core.$ZodIssue, prefix = ''): string {
  let out = prefix
  for (const p of issue.path) {
    if (typeof p === 'number') out += `[${p}]`
    else out += out === '' ? String(p) : `.${String(p)}`
  }
  return out === '' ? '(root)' : out
}

/** A readable line per issue: `field: why`. */
export function describeIssues(error: z.ZodError, prefix = ''): string[] {
  return error.issues.map((i) => {
    if (i.code === 'unrecognized_keys')
      return `${issuePath(i, prefix)}: unknown field(s) ${i.keys.join(', ')} (check the spelling)`
    return `${issuePath(i, prefix)}: ${i.message}`
  })
}

/** A NodeError naming the first invalid field, with every problem in the message. */
export function zodError(code: NodeErrorCode, what: string, error: z.ZodError, prefix = ''): NodeError {
  const lines = describeIssues(error, prefix)
  const first = error.issues[0]
  const field = first === undefined ? undefined : issuePath(first, prefix)
  return new NodeError(code, `${what} is invalid: ${lines.join('; ')}`, field)
}
