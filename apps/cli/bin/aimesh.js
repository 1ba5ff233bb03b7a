#!/usr/bin/env node
// The `aimesh` command. There is no build step: tsx's ESM loader is registered here so the
// TypeScript sources run as they are; main.ts loads the Promise.withResolvers shim before libp2p.
import { register } from 'tsx/esm/api'

register()
await import('../src/main.ts')
