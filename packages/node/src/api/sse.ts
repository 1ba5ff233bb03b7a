/**
 * `/events` (docs/api.md): the node's typed events as server-sent events, one `event:` name per
 * NodeEventMap key, JSON data, a comment heartbeat every 15 s. Streams end when the node stops.
 */
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AimeshNode } from '../node.js'

const HEARTBEAT_MS = 15_000

/** Open event streams, ended by closeStreams when the API stops. */
const open = new WeakMap<AimeshNode, Set<() => void>>()

/** Streams the node's events to one client until it disconnects or the node stops. */
export async function streamEvents(
  node: AimeshNode,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<void> {
  reply.hijack()
  const res = reply.raw
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  })
  res.write(': aimesh events\n\n')
  let id = 0
  const off = node.events.onAny((event, payload) => {
    res.write(`id: ${++id}\nevent: ${event}\ndata: ${JSON.stringify(payload)}\n\n`)
  })
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS)
  heartbeat.unref()
  let set = open.get(node)
  if (set === undefined) {
    set = new Set()
    open.set(node, set)
  }
  const streams = set
  const end = () => {
    clearInterval(heartbeat)
    off()
    streams.delete(end)
    if (!res.writableEnded) res.end()
  }
  streams.add(end)
  request.raw.on('close', end)
}

/** Ends every open event stream of a node (before its API closes). */
export function closeStreams(node: AimeshNode): void {
  for (const end of [...(open.get(node) ?? [])]) end()
}
