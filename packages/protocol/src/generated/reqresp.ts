/* eslint-disable require-yield */

import { decodeMessage, encodeMessage, MaxLengthError, message, streamMessage } from '../codec/runtime.js'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from '../codec/runtime.js'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface RequestPayload {
  to: Uint8Array<ArrayBuffer>
  nonce: Uint8Array<ArrayBuffer>
  expiresAt: number
  body: Uint8Array<ArrayBuffer>
}

export namespace RequestPayload {
  let _codec: Codec<RequestPayload>

  export const codec = (): Codec<RequestPayload> => {
    if (_codec == null) {
      _codec = message<RequestPayload>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.to != null && obj.to.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.to)
        }

        if ((obj.nonce != null && obj.nonce.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.nonce)
        }

        if ((obj.expiresAt != null && obj.expiresAt !== 0)) {
          w.uint32(24)
          w.uint64Number(obj.expiresAt)
        }

        if ((obj.body != null && obj.body.byteLength > 0)) {
          w.uint32(34)
          w.bytes(obj.body)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          to: uint8ArrayAlloc(0),
          nonce: uint8ArrayAlloc(0),
          expiresAt: 0,
          body: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.to = reader.bytes()
              break
            }
            case 2: {
              obj.nonce = reader.bytes()
              break
            }
            case 3: {
              obj.expiresAt = reader.uint64Number()
              break
            }
            case 4: {
              obj.body = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.to`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.nonce`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.expiresAt`,
                value: reader.uint64Number()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.body`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface RequestPayloadToFieldEvent {
    field: '$.to'
    value: Uint8Array<ArrayBuffer>
  }

  export interface RequestPayloadNonceFieldEvent {
    field: '$.nonce'
    value: Uint8Array<ArrayBuffer>
  }

  export interface RequestPayloadExpiresAtFieldEvent {
    field: '$.expiresAt'
    value: number
  }

  export interface RequestPayloadBodyFieldEvent {
    field: '$.body'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<RequestPayload>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, RequestPayload.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RequestPayload>): RequestPayload {
    return decodeMessage(buf, RequestPayload.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RequestPayload>): Generator<RequestPayloadToFieldEvent | RequestPayloadNonceFieldEvent | RequestPayloadExpiresAtFieldEvent | RequestPayloadBodyFieldEvent> {
    return streamMessage(buf, RequestPayload.codec(), opts)
  }
}

export interface SignedRequest {
  payload: Uint8Array<ArrayBuffer>
  signature: Uint8Array<ArrayBuffer>
}

export namespace SignedRequest {
  let _codec: Codec<SignedRequest>

  export const codec = (): Codec<SignedRequest> => {
    if (_codec == null) {
      _codec = message<SignedRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.payload != null && obj.payload.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.payload)
        }

        if ((obj.signature != null && obj.signature.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.signature)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          payload: uint8ArrayAlloc(0),
          signature: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.payload = reader.bytes()
              break
            }
            case 2: {
              obj.signature = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.payload`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.signature`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface SignedRequestPayloadFieldEvent {
    field: '$.payload'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SignedRequestSignatureFieldEvent {
    field: '$.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<SignedRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, SignedRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SignedRequest>): SignedRequest {
    return decodeMessage(buf, SignedRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SignedRequest>): Generator<SignedRequestPayloadFieldEvent | SignedRequestSignatureFieldEvent> {
    return streamMessage(buf, SignedRequest.codec(), opts)
  }
}

export interface ResponsePayload {
  request: Uint8Array<ArrayBuffer>
  index: number
  body: Uint8Array<ArrayBuffer>
}

export namespace ResponsePayload {
  let _codec: Codec<ResponsePayload>

  export const codec = (): Codec<ResponsePayload> => {
    if (_codec == null) {
      _codec = message<ResponsePayload>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.request != null && obj.request.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.request)
        }

        if ((obj.index != null && obj.index !== 0)) {
          w.uint32(16)
          w.uint32(obj.index)
        }

        if ((obj.body != null && obj.body.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.body)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          request: uint8ArrayAlloc(0),
          index: 0,
          body: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.request = reader.bytes()
              break
            }
            case 2: {
              obj.index = reader.uint32()
              break
            }
            case 3: {
              obj.body = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.request`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.index`,
                value: reader.uint32()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.body`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface ResponsePayloadRequestFieldEvent {
    field: '$.request'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ResponsePayloadIndexFieldEvent {
    field: '$.index'
    value: number
  }

  export interface ResponsePayloadBodyFieldEvent {
    field: '$.body'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<ResponsePayload>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, ResponsePayload.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ResponsePayload>): ResponsePayload {
    return decodeMessage(buf, ResponsePayload.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ResponsePayload>): Generator<ResponsePayloadRequestFieldEvent | ResponsePayloadIndexFieldEvent | ResponsePayloadBodyFieldEvent> {
    return streamMessage(buf, ResponsePayload.codec(), opts)
  }
}

export interface SignedResponse {
  payload: Uint8Array<ArrayBuffer>
  signature: Uint8Array<ArrayBuffer>
}

export namespace SignedResponse {
  let _codec: Codec<SignedResponse>

  export const codec = (): Codec<SignedResponse> => {
    if (_codec == null) {
      _codec = message<SignedResponse>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.payload != null && obj.payload.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.payload)
        }

        if ((obj.signature != null && obj.signature.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.signature)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          payload: uint8ArrayAlloc(0),
          signature: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.payload = reader.bytes()
              break
            }
            case 2: {
              obj.signature = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.payload`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.signature`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface SignedResponsePayloadFieldEvent {
    field: '$.payload'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SignedResponseSignatureFieldEvent {
    field: '$.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<SignedResponse>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, SignedResponse.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SignedResponse>): SignedResponse {
    return decodeMessage(buf, SignedResponse.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SignedResponse>): Generator<SignedResponsePayloadFieldEvent | SignedResponseSignatureFieldEvent> {
    return streamMessage(buf, SignedResponse.codec(), opts)
  }
}

export interface CheckpointRef {
  epoch: number
  id: Uint8Array<ArrayBuffer>
}

export namespace CheckpointRef {
  let _codec: Codec<CheckpointRef>

  export const codec = (): Codec<CheckpointRef> => {
    if (_codec == null) {
      _codec = message<CheckpointRef>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.epoch != null && obj.epoch !== 0)) {
          w.uint32(8)
          w.uint64Number(obj.epoch)
        }

        if ((obj.id != null && obj.id.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.id)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          epoch: 0,
          id: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.epoch = reader.uint64Number()
              break
            }
            case 2: {
              obj.id = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.epoch`,
                value: reader.uint64Number()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.id`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface CheckpointRefEpochFieldEvent {
    field: '$.epoch'
    value: number
  }

  export interface CheckpointRefIdFieldEvent {
    field: '$.id'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<CheckpointRef>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, CheckpointRef.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<CheckpointRef>): CheckpointRef {
    return decodeMessage(buf, CheckpointRef.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<CheckpointRef>): Generator<CheckpointRefEpochFieldEvent | CheckpointRefIdFieldEvent> {
    return streamMessage(buf, CheckpointRef.codec(), opts)
  }
}

export interface Status {
  genesisHash: Uint8Array<ArrayBuffer>
  messageRoot: Uint8Array<ArrayBuffer>
  derivedDigest?: Uint8Array<ArrayBuffer>
  messages: number
  tasks: number
  checkpoint?: CheckpointRef
  clock: number
}

export namespace Status {
  let _codec: Codec<Status>

  export const codec = (): Codec<Status> => {
    if (_codec == null) {
      _codec = message<Status>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.genesisHash != null && obj.genesisHash.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.genesisHash)
        }

        if ((obj.messageRoot != null && obj.messageRoot.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.messageRoot)
        }

        if (obj.derivedDigest != null) {
          w.uint32(26)
          w.bytes(obj.derivedDigest)
        }

        if ((obj.messages != null && obj.messages !== 0)) {
          w.uint32(32)
          w.uint64Number(obj.messages)
        }

        if ((obj.tasks != null && obj.tasks !== 0)) {
          w.uint32(40)
          w.uint64Number(obj.tasks)
        }

        if (obj.checkpoint != null) {
          w.uint32(50)
          CheckpointRef.codec().encode(obj.checkpoint, w)
        }

        if ((obj.clock != null && obj.clock !== 0)) {
          w.uint32(56)
          w.uint64Number(obj.clock)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          genesisHash: uint8ArrayAlloc(0),
          messageRoot: uint8ArrayAlloc(0),
          messages: 0,
          tasks: 0,
          clock: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.genesisHash = reader.bytes()
              break
            }
            case 2: {
              obj.messageRoot = reader.bytes()
              break
            }
            case 3: {
              obj.derivedDigest = reader.bytes()
              break
            }
            case 4: {
              obj.messages = reader.uint64Number()
              break
            }
            case 5: {
              obj.tasks = reader.uint64Number()
              break
            }
            case 6: {
              obj.checkpoint = CheckpointRef.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.checkpoint
              })
              break
            }
            case 7: {
              obj.clock = reader.uint64Number()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.genesisHash`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.messageRoot`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.derivedDigest`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.messages`,
                value: reader.uint64Number()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.tasks`,
                value: reader.uint64Number()
              }
              break
            }
            case 6: {
              yield * CheckpointRef.codec().stream(reader, reader.uint32(), `${prefix}.checkpoint`, {
                limits: opts.limits?.checkpoint
              })

              break
            }
            case 7: {
              yield {
                field: `${prefix}.clock`,
                value: reader.uint64Number()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface StatusGenesisHashFieldEvent {
    field: '$.genesisHash'
    value: Uint8Array<ArrayBuffer>
  }

  export interface StatusMessageRootFieldEvent {
    field: '$.messageRoot'
    value: Uint8Array<ArrayBuffer>
  }

  export interface StatusDerivedDigestFieldEvent {
    field: '$.derivedDigest'
    value: Uint8Array<ArrayBuffer>
  }

  export interface StatusMessagesFieldEvent {
    field: '$.messages'
    value: number
  }

  export interface StatusTasksFieldEvent {
    field: '$.tasks'
    value: number
  }

  export interface StatusCheckpointEpochFieldEvent {
    field: '$.checkpoint.epoch'
    value: number
  }

  export interface StatusCheckpointIdFieldEvent {
    field: '$.checkpoint.id'
    value: Uint8Array<ArrayBuffer>
  }

  export interface StatusClockFieldEvent {
    field: '$.clock'
    value: number
  }

  export function encode (obj: Partial<Status>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Status.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Status>): Status {
    return decodeMessage(buf, Status.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Status>): Generator<StatusGenesisHashFieldEvent | StatusMessageRootFieldEvent | StatusDerivedDigestFieldEvent | StatusMessagesFieldEvent | StatusTasksFieldEvent | StatusCheckpointEpochFieldEvent | StatusCheckpointIdFieldEvent | StatusClockFieldEvent> {
    return streamMessage(buf, Status.codec(), opts)
  }
}

export interface InventoryRequest {
  from: Uint8Array<ArrayBuffer>
  to: Uint8Array<ArrayBuffer>
  limit: number
}

export namespace InventoryRequest {
  let _codec: Codec<InventoryRequest>

  export const codec = (): Codec<InventoryRequest> => {
    if (_codec == null) {
      _codec = message<InventoryRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.from != null && obj.from.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.from)
        }

        if ((obj.to != null && obj.to.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.to)
        }

        if ((obj.limit != null && obj.limit !== 0)) {
          w.uint32(24)
          w.uint32(obj.limit)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          from: uint8ArrayAlloc(0),
          to: uint8ArrayAlloc(0),
          limit: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.from = reader.bytes()
              break
            }
            case 2: {
              obj.to = reader.bytes()
              break
            }
            case 3: {
              obj.limit = reader.uint32()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.from`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.to`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.limit`,
                value: reader.uint32()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface InventoryRequestFromFieldEvent {
    field: '$.from'
    value: Uint8Array<ArrayBuffer>
  }

  export interface InventoryRequestToFieldEvent {
    field: '$.to'
    value: Uint8Array<ArrayBuffer>
  }

  export interface InventoryRequestLimitFieldEvent {
    field: '$.limit'
    value: number
  }

  export function encode (obj: Partial<InventoryRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, InventoryRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<InventoryRequest>): InventoryRequest {
    return decodeMessage(buf, InventoryRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<InventoryRequest>): Generator<InventoryRequestFromFieldEvent | InventoryRequestToFieldEvent | InventoryRequestLimitFieldEvent> {
    return streamMessage(buf, InventoryRequest.codec(), opts)
  }
}

export interface InventoryEntry {
  taskId: Uint8Array<ArrayBuffer>
  digest: Uint8Array<ArrayBuffer>
  messages: number
}

export namespace InventoryEntry {
  let _codec: Codec<InventoryEntry>

  export const codec = (): Codec<InventoryEntry> => {
    if (_codec == null) {
      _codec = message<InventoryEntry>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.taskId != null && obj.taskId.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.taskId)
        }

        if ((obj.digest != null && obj.digest.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.digest)
        }

        if ((obj.messages != null && obj.messages !== 0)) {
          w.uint32(24)
          w.uint32(obj.messages)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          taskId: uint8ArrayAlloc(0),
          digest: uint8ArrayAlloc(0),
          messages: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.taskId = reader.bytes()
              break
            }
            case 2: {
              obj.digest = reader.bytes()
              break
            }
            case 3: {
              obj.messages = reader.uint32()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.taskId`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.digest`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.messages`,
                value: reader.uint32()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface InventoryEntryTaskIdFieldEvent {
    field: '$.taskId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface InventoryEntryDigestFieldEvent {
    field: '$.digest'
    value: Uint8Array<ArrayBuffer>
  }

  export interface InventoryEntryMessagesFieldEvent {
    field: '$.messages'
    value: number
  }

  export function encode (obj: Partial<InventoryEntry>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, InventoryEntry.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<InventoryEntry>): InventoryEntry {
    return decodeMessage(buf, InventoryEntry.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<InventoryEntry>): Generator<InventoryEntryTaskIdFieldEvent | InventoryEntryDigestFieldEvent | InventoryEntryMessagesFieldEvent> {
    return streamMessage(buf, InventoryEntry.codec(), opts)
  }
}

export interface InventoryChunk {
  entries: InventoryEntry[]
  more: boolean
}

export namespace InventoryChunk {
  let _codec: Codec<InventoryChunk>

  export const codec = (): Codec<InventoryChunk> => {
    if (_codec == null) {
      _codec = message<InventoryChunk>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.entries != null && obj.entries.length > 0) {
          for (const value of obj.entries) {
            w.uint32(10)
            InventoryEntry.codec().encode(value, w)
          }
        }

        if ((obj.more != null && obj.more !== false)) {
          w.uint32(16)
          w.bool(obj.more)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          entries: [],
          more: false
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.entries != null && obj.entries.length === opts.limits.entries) {
                throw new MaxLengthError('Decode error - repeated field "entries" had too many elements')
              }

              if (obj.entries.length === 1024) {
                throw new MaxLengthError('Decode error - repeated field "entries" had too many elements')
              }

              obj.entries.push(InventoryEntry.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.entries$
              }))
              break
            }
            case 2: {
              obj.more = reader.bool()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          entries: 1024
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.entries != null && obj.entries === opts.limits.entries) {
                throw new MaxLengthError('Streaming decode error - repeated field "entries" had too many elements')
              }

              if (obj.entries === 1024) {
                throw new MaxLengthError('Streaming decode error - repeated field "entries" had too many elements')
              }

              for (const evt of InventoryEntry.codec().stream(reader, reader.uint32(), `${prefix}.entries[]`, {
                limits: opts.limits?.entries$
              })) {
                yield {
                  ...evt,
                  index: obj.entries
                }
              }

              obj.entries++

              break
            }
            case 2: {
              yield {
                field: `${prefix}.more`,
                value: reader.bool()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface InventoryChunkEntriesTaskIdFieldEvent {
    field: '$.entries[].taskId'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface InventoryChunkEntriesDigestFieldEvent {
    field: '$.entries[].digest'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface InventoryChunkEntriesMessagesFieldEvent {
    field: '$.entries[].messages'
    value: number
    index: number
  }

  export interface InventoryChunkMoreFieldEvent {
    field: '$.more'
    value: boolean
  }

  export function encode (obj: Partial<InventoryChunk>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, InventoryChunk.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<InventoryChunk>): InventoryChunk {
    return decodeMessage(buf, InventoryChunk.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<InventoryChunk>): Generator<InventoryChunkEntriesTaskIdFieldEvent | InventoryChunkEntriesDigestFieldEvent | InventoryChunkEntriesMessagesFieldEvent | InventoryChunkMoreFieldEvent> {
    return streamMessage(buf, InventoryChunk.codec(), opts)
  }
}

export interface TaskSyncRequest {
  taskIds: Uint8Array<ArrayBuffer>[]
}

export namespace TaskSyncRequest {
  let _codec: Codec<TaskSyncRequest>

  export const codec = (): Codec<TaskSyncRequest> => {
    if (_codec == null) {
      _codec = message<TaskSyncRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.taskIds != null && obj.taskIds.length > 0) {
          for (const value of obj.taskIds) {
            w.uint32(10)
            w.bytes(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          taskIds: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.taskIds != null && obj.taskIds.length === opts.limits.taskIds) {
                throw new MaxLengthError('Decode error - repeated field "taskIds" had too many elements')
              }

              if (obj.taskIds.length === 256) {
                throw new MaxLengthError('Decode error - repeated field "taskIds" had too many elements')
              }

              obj.taskIds.push(reader.bytes())
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          taskIds: 256
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.taskIds != null && obj.taskIds === opts.limits.taskIds) {
                throw new MaxLengthError('Streaming decode error - repeated field "taskIds" had too many elements')
              }

              if (obj.taskIds === 256) {
                throw new MaxLengthError('Streaming decode error - repeated field "taskIds" had too many elements')
              }

              yield {
                field: `${prefix}.taskIds[]`,
                index: obj.taskIds,
                value: reader.bytes()
              }

              obj.taskIds++

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface TaskSyncRequestTaskIdsFieldEvent {
    field: '$.taskIds[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<TaskSyncRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, TaskSyncRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<TaskSyncRequest>): TaskSyncRequest {
    return decodeMessage(buf, TaskSyncRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<TaskSyncRequest>): Generator<TaskSyncRequestTaskIdsFieldEvent> {
    return streamMessage(buf, TaskSyncRequest.codec(), opts)
  }
}

export interface MessagesRequest {
  ids: Uint8Array<ArrayBuffer>[]
}

export namespace MessagesRequest {
  let _codec: Codec<MessagesRequest>

  export const codec = (): Codec<MessagesRequest> => {
    if (_codec == null) {
      _codec = message<MessagesRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.ids != null && obj.ids.length > 0) {
          for (const value of obj.ids) {
            w.uint32(10)
            w.bytes(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          ids: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.ids != null && obj.ids.length === opts.limits.ids) {
                throw new MaxLengthError('Decode error - repeated field "ids" had too many elements')
              }

              if (obj.ids.length === 256) {
                throw new MaxLengthError('Decode error - repeated field "ids" had too many elements')
              }

              obj.ids.push(reader.bytes())
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          ids: 256
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.ids != null && obj.ids === opts.limits.ids) {
                throw new MaxLengthError('Streaming decode error - repeated field "ids" had too many elements')
              }

              if (obj.ids === 256) {
                throw new MaxLengthError('Streaming decode error - repeated field "ids" had too many elements')
              }

              yield {
                field: `${prefix}.ids[]`,
                index: obj.ids,
                value: reader.bytes()
              }

              obj.ids++

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface MessagesRequestIdsFieldEvent {
    field: '$.ids[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<MessagesRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, MessagesRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<MessagesRequest>): MessagesRequest {
    return decodeMessage(buf, MessagesRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<MessagesRequest>): Generator<MessagesRequestIdsFieldEvent> {
    return streamMessage(buf, MessagesRequest.codec(), opts)
  }
}

export interface EnvelopeChunk {
  envelopes: Uint8Array<ArrayBuffer>[]
}

export namespace EnvelopeChunk {
  let _codec: Codec<EnvelopeChunk>

  export const codec = (): Codec<EnvelopeChunk> => {
    if (_codec == null) {
      _codec = message<EnvelopeChunk>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.envelopes != null && obj.envelopes.length > 0) {
          for (const value of obj.envelopes) {
            w.uint32(10)
            w.bytes(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          envelopes: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.envelopes != null && obj.envelopes.length === opts.limits.envelopes) {
                throw new MaxLengthError('Decode error - repeated field "envelopes" had too many elements')
              }

              if (obj.envelopes.length === 256) {
                throw new MaxLengthError('Decode error - repeated field "envelopes" had too many elements')
              }

              obj.envelopes.push(reader.bytes())
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          envelopes: 256
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.envelopes != null && obj.envelopes === opts.limits.envelopes) {
                throw new MaxLengthError('Streaming decode error - repeated field "envelopes" had too many elements')
              }

              if (obj.envelopes === 256) {
                throw new MaxLengthError('Streaming decode error - repeated field "envelopes" had too many elements')
              }

              yield {
                field: `${prefix}.envelopes[]`,
                index: obj.envelopes,
                value: reader.bytes()
              }

              obj.envelopes++

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface EnvelopeChunkEnvelopesFieldEvent {
    field: '$.envelopes[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<EnvelopeChunk>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, EnvelopeChunk.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<EnvelopeChunk>): EnvelopeChunk {
    return decodeMessage(buf, EnvelopeChunk.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<EnvelopeChunk>): Generator<EnvelopeChunkEnvelopesFieldEvent> {
    return streamMessage(buf, EnvelopeChunk.codec(), opts)
  }
}

export interface ReplicateReceipt {
  accepted: number
  ignored: number
  rejected: number
  messageRoot: Uint8Array<ArrayBuffer>
}

export namespace ReplicateReceipt {
  let _codec: Codec<ReplicateReceipt>

  export const codec = (): Codec<ReplicateReceipt> => {
    if (_codec == null) {
      _codec = message<ReplicateReceipt>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.accepted != null && obj.accepted !== 0)) {
          w.uint32(8)
          w.uint32(obj.accepted)
        }

        if ((obj.ignored != null && obj.ignored !== 0)) {
          w.uint32(16)
          w.uint32(obj.ignored)
        }

        if ((obj.rejected != null && obj.rejected !== 0)) {
          w.uint32(24)
          w.uint32(obj.rejected)
        }

        if ((obj.messageRoot != null && obj.messageRoot.byteLength > 0)) {
          w.uint32(34)
          w.bytes(obj.messageRoot)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          accepted: 0,
          ignored: 0,
          rejected: 0,
          messageRoot: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.accepted = reader.uint32()
              break
            }
            case 2: {
              obj.ignored = reader.uint32()
              break
            }
            case 3: {
              obj.rejected = reader.uint32()
              break
            }
            case 4: {
              obj.messageRoot = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.accepted`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.ignored`,
                value: reader.uint32()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.rejected`,
                value: reader.uint32()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.messageRoot`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface ReplicateReceiptAcceptedFieldEvent {
    field: '$.accepted'
    value: number
  }

  export interface ReplicateReceiptIgnoredFieldEvent {
    field: '$.ignored'
    value: number
  }

  export interface ReplicateReceiptRejectedFieldEvent {
    field: '$.rejected'
    value: number
  }

  export interface ReplicateReceiptMessageRootFieldEvent {
    field: '$.messageRoot'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<ReplicateReceipt>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, ReplicateReceipt.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ReplicateReceipt>): ReplicateReceipt {
    return decodeMessage(buf, ReplicateReceipt.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ReplicateReceipt>): Generator<ReplicateReceiptAcceptedFieldEvent | ReplicateReceiptIgnoredFieldEvent | ReplicateReceiptRejectedFieldEvent | ReplicateReceiptMessageRootFieldEvent> {
    return streamMessage(buf, ReplicateReceipt.codec(), opts)
  }
}

export interface ContentRequest {
  hash: Uint8Array<ArrayBuffer>
}

export namespace ContentRequest {
  let _codec: Codec<ContentRequest>

  export const codec = (): Codec<ContentRequest> => {
    if (_codec == null) {
      _codec = message<ContentRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.hash != null && obj.hash.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.hash)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          hash: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.hash = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.hash`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface ContentRequestHashFieldEvent {
    field: '$.hash'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<ContentRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, ContentRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ContentRequest>): ContentRequest {
    return decodeMessage(buf, ContentRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ContentRequest>): Generator<ContentRequestHashFieldEvent> {
    return streamMessage(buf, ContentRequest.codec(), opts)
  }
}

export interface ContentChunk {
  data: Uint8Array<ArrayBuffer>
  size: number
}

export namespace ContentChunk {
  let _codec: Codec<ContentChunk>

  export const codec = (): Codec<ContentChunk> => {
    if (_codec == null) {
      _codec = message<ContentChunk>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.data != null && obj.data.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.data)
        }

        if ((obj.size != null && obj.size !== 0)) {
          w.uint32(16)
          w.uint64Number(obj.size)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          data: uint8ArrayAlloc(0),
          size: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.data = reader.bytes()
              break
            }
            case 2: {
              obj.size = reader.uint64Number()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.data`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.size`,
                value: reader.uint64Number()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface ContentChunkDataFieldEvent {
    field: '$.data'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ContentChunkSizeFieldEvent {
    field: '$.size'
    value: number
  }

  export function encode (obj: Partial<ContentChunk>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, ContentChunk.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ContentChunk>): ContentChunk {
    return decodeMessage(buf, ContentChunk.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ContentChunk>): Generator<ContentChunkDataFieldEvent | ContentChunkSizeFieldEvent> {
    return streamMessage(buf, ContentChunk.codec(), opts)
  }
}

export interface CheckpointRequest {
  epoch: number
}

export namespace CheckpointRequest {
  let _codec: Codec<CheckpointRequest>

  export const codec = (): Codec<CheckpointRequest> => {
    if (_codec == null) {
      _codec = message<CheckpointRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.epoch != null && obj.epoch !== 0)) {
          w.uint32(8)
          w.uint64Number(obj.epoch)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          epoch: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.epoch = reader.uint64Number()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.epoch`,
                value: reader.uint64Number()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface CheckpointRequestEpochFieldEvent {
    field: '$.epoch'
    value: number
  }

  export function encode (obj: Partial<CheckpointRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, CheckpointRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<CheckpointRequest>): CheckpointRequest {
    return decodeMessage(buf, CheckpointRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<CheckpointRequest>): Generator<CheckpointRequestEpochFieldEvent> {
    return streamMessage(buf, CheckpointRequest.codec(), opts)
  }
}

export interface CheckpointInfo {
  epoch: number
  digest: Uint8Array<ArrayBuffer>
  foldRoot: Uint8Array<ArrayBuffer>
  trustDigest: Uint8Array<ArrayBuffer>
  stateRoot: Uint8Array<ArrayBuffer>
  messages: number
}

export namespace CheckpointInfo {
  let _codec: Codec<CheckpointInfo>

  export const codec = (): Codec<CheckpointInfo> => {
    if (_codec == null) {
      _codec = message<CheckpointInfo>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.epoch != null && obj.epoch !== 0)) {
          w.uint32(8)
          w.uint64Number(obj.epoch)
        }

        if ((obj.digest != null && obj.digest.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.digest)
        }

        if ((obj.foldRoot != null && obj.foldRoot.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.foldRoot)
        }

        if ((obj.trustDigest != null && obj.trustDigest.byteLength > 0)) {
          w.uint32(34)
          w.bytes(obj.trustDigest)
        }

        if ((obj.stateRoot != null && obj.stateRoot.byteLength > 0)) {
          w.uint32(42)
          w.bytes(obj.stateRoot)
        }

        if ((obj.messages != null && obj.messages !== 0)) {
          w.uint32(48)
          w.uint64Number(obj.messages)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          epoch: 0,
          digest: uint8ArrayAlloc(0),
          foldRoot: uint8ArrayAlloc(0),
          trustDigest: uint8ArrayAlloc(0),
          stateRoot: uint8ArrayAlloc(0),
          messages: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.epoch = reader.uint64Number()
              break
            }
            case 2: {
              obj.digest = reader.bytes()
              break
            }
            case 3: {
              obj.foldRoot = reader.bytes()
              break
            }
            case 4: {
              obj.trustDigest = reader.bytes()
              break
            }
            case 5: {
              obj.stateRoot = reader.bytes()
              break
            }
            case 6: {
              obj.messages = reader.uint64Number()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.epoch`,
                value: reader.uint64Number()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.digest`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.foldRoot`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.trustDigest`,
                value: reader.bytes()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.stateRoot`,
                value: reader.bytes()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.messages`,
                value: reader.uint64Number()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface CheckpointInfoEpochFieldEvent {
    field: '$.epoch'
    value: number
  }

  export interface CheckpointInfoDigestFieldEvent {
    field: '$.digest'
    value: Uint8Array<ArrayBuffer>
  }

  export interface CheckpointInfoFoldRootFieldEvent {
    field: '$.foldRoot'
    value: Uint8Array<ArrayBuffer>
  }

  export interface CheckpointInfoTrustDigestFieldEvent {
    field: '$.trustDigest'
    value: Uint8Array<ArrayBuffer>
  }

  export interface CheckpointInfoStateRootFieldEvent {
    field: '$.stateRoot'
    value: Uint8Array<ArrayBuffer>
  }

  export interface CheckpointInfoMessagesFieldEvent {
    field: '$.messages'
    value: number
  }

  export function encode (obj: Partial<CheckpointInfo>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, CheckpointInfo.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<CheckpointInfo>): CheckpointInfo {
    return decodeMessage(buf, CheckpointInfo.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<CheckpointInfo>): Generator<CheckpointInfoEpochFieldEvent | CheckpointInfoDigestFieldEvent | CheckpointInfoFoldRootFieldEvent | CheckpointInfoTrustDigestFieldEvent | CheckpointInfoStateRootFieldEvent | CheckpointInfoMessagesFieldEvent> {
    return streamMessage(buf, CheckpointInfo.codec(), opts)
  }
}

export interface StateEntry {
  column: string
  key: Uint8Array<ArrayBuffer>
  value: Uint8Array<ArrayBuffer>
}

export namespace StateEntry {
  let _codec: Codec<StateEntry>

  export const codec = (): Codec<StateEntry> => {
    if (_codec == null) {
      _codec = message<StateEntry>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.column != null && obj.column !== '')) {
          w.uint32(10)
          w.string(obj.column)
        }

        if ((obj.key != null && obj.key.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.key)
        }

        if ((obj.value != null && obj.value.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.value)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          column: '',
          key: uint8ArrayAlloc(0),
          value: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.column = reader.string()
              break
            }
            case 2: {
              obj.key = reader.bytes()
              break
            }
            case 3: {
              obj.value = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.column`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.key`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.value`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface StateEntryColumnFieldEvent {
    field: '$.column'
    value: string
  }

  export interface StateEntryKeyFieldEvent {
    field: '$.key'
    value: Uint8Array<ArrayBuffer>
  }

  export interface StateEntryValueFieldEvent {
    field: '$.value'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<StateEntry>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, StateEntry.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<StateEntry>): StateEntry {
    return decodeMessage(buf, StateEntry.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<StateEntry>): Generator<StateEntryColumnFieldEvent | StateEntryKeyFieldEvent | StateEntryValueFieldEvent> {
    return streamMessage(buf, StateEntry.codec(), opts)
  }
}

export interface CheckpointChunk {
  info?: CheckpointInfo
  entries: StateEntry[]
}

export namespace CheckpointChunk {
  let _codec: Codec<CheckpointChunk>

  export const codec = (): Codec<CheckpointChunk> => {
    if (_codec == null) {
      _codec = message<CheckpointChunk>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.info != null) {
          w.uint32(10)
          CheckpointInfo.codec().encode(obj.info, w)
        }

        if (obj.entries != null && obj.entries.length > 0) {
          for (const value of obj.entries) {
            w.uint32(18)
            StateEntry.codec().encode(value, w)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          entries: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.info = CheckpointInfo.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.info
              })
              break
            }
            case 2: {
              if (opts.limits?.entries != null && obj.entries.length === opts.limits.entries) {
                throw new MaxLengthError('Decode error - repeated field "entries" had too many elements')
              }

              if (obj.entries.length === 256) {
                throw new MaxLengthError('Decode error - repeated field "entries" had too many elements')
              }

              obj.entries.push(StateEntry.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.entries$
              }))
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          entries: 256
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield * CheckpointInfo.codec().stream(reader, reader.uint32(), `${prefix}.info`, {
                limits: opts.limits?.info
              })

              break
            }
            case 2: {
              if (opts.limits?.entries != null && obj.entries === opts.limits.entries) {
                throw new MaxLengthError('Streaming decode error - repeated field "entries" had too many elements')
              }

              if (obj.entries === 256) {
                throw new MaxLengthError('Streaming decode error - repeated field "entries" had too many elements')
              }

              for (const evt of StateEntry.codec().stream(reader, reader.uint32(), `${prefix}.entries[]`, {
                limits: opts.limits?.entries$
              })) {
                yield {
                  ...evt,
                  index: obj.entries
                }
              }

              obj.entries++

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface CheckpointChunkInfoEpochFieldEvent {
    field: '$.info.epoch'
    value: number
  }

  export interface CheckpointChunkInfoDigestFieldEvent {
    field: '$.info.digest'
    value: Uint8Array<ArrayBuffer>
  }

  export interface CheckpointChunkInfoFoldRootFieldEvent {
    field: '$.info.foldRoot'
    value: Uint8Array<ArrayBuffer>
  }

  export interface CheckpointChunkInfoTrustDigestFieldEvent {
    field: '$.info.trustDigest'
    value: Uint8Array<ArrayBuffer>
  }

  export interface CheckpointChunkInfoStateRootFieldEvent {
    field: '$.info.stateRoot'
    value: Uint8Array<ArrayBuffer>
  }

  export interface CheckpointChunkInfoMessagesFieldEvent {
    field: '$.info.messages'
    value: number
  }

  export interface CheckpointChunkEntriesColumnFieldEvent {
    field: '$.entries[].column'
    value: string
    index: number
  }

  export interface CheckpointChunkEntriesKeyFieldEvent {
    field: '$.entries[].key'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface CheckpointChunkEntriesValueFieldEvent {
    field: '$.entries[].value'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export function encode (obj: Partial<CheckpointChunk>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, CheckpointChunk.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<CheckpointChunk>): CheckpointChunk {
    return decodeMessage(buf, CheckpointChunk.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<CheckpointChunk>): Generator<CheckpointChunkInfoEpochFieldEvent | CheckpointChunkInfoDigestFieldEvent | CheckpointChunkInfoFoldRootFieldEvent | CheckpointChunkInfoTrustDigestFieldEvent | CheckpointChunkInfoStateRootFieldEvent | CheckpointChunkInfoMessagesFieldEvent | CheckpointChunkEntriesColumnFieldEvent | CheckpointChunkEntriesKeyFieldEvent | CheckpointChunkEntriesValueFieldEvent> {
    return streamMessage(buf, CheckpointChunk.codec(), opts)
  }
}

export interface Goodbye {
  reason: number
}

export namespace Goodbye {
  let _codec: Codec<Goodbye>

  export const codec = (): Codec<Goodbye> => {
    if (_codec == null) {
      _codec = message<Goodbye>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.reason != null && obj.reason !== 0)) {
          w.uint32(8)
          w.uint32(obj.reason)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          reason: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.reason = reader.uint32()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.reason`,
                value: reader.uint32()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface GoodbyeReasonFieldEvent {
    field: '$.reason'
    value: number
  }

  export function encode (obj: Partial<Goodbye>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Goodbye.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Goodbye>): Goodbye {
    return decodeMessage(buf, Goodbye.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Goodbye>): Generator<GoodbyeReasonFieldEvent> {
    return streamMessage(buf, Goodbye.codec(), opts)
  }
}

export interface Ack {}

export namespace Ack {
  let _codec: Codec<Ack>

  export const codec = (): Codec<Ack> => {
    if (_codec == null) {
      _codec = message<Ack>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {}

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export function encode (obj: Partial<Ack>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Ack.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Ack>): Ack {
    return decodeMessage(buf, Ack.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Ack>): Generator<{}> {
    return streamMessage(buf, Ack.codec(), opts)
  }
}
