/**
 * Entry point of `aimesh` (bin/aimesh.js imports it through tsx). The Promise.withResolvers shim
 * loads before anything that reaches libp2p (DESIGN §3: Node 20).
 */
import '@aimesh/protocol/shim'
import { run } from './program.js'

process.exitCode = await run(process.argv.slice(2))
