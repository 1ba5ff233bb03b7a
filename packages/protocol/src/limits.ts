/**
 * Hard limits on everything decoded from the network. They bound memory per message and
 * per frame; numbers are sized for v1 workloads (answers of a few pages of code or prose).
 */
export const LIMITS = {
  /** Largest encoded envelope accepted from gossip or sync (also gossipsub's max message size). */
  envelopeBytes: 256 * 1024,
  /** Largest req/resp frame: a sync chunk carries many envelopes. */
  frameBytes: 4 * 1024 * 1024,
  /** Ed25519 sizes, fixed by RFC 8032. */
  publicKeyBytes: 32,
  signatureBytes: 64,
  /** All ids are sha256 digests. */
  idBytes: 32,
  titleChars: 256,
  descriptionChars: 16 * 1024,
  answerChars: 192 * 1024,
  commentChars: 4 * 1024,
  reasonChars: 1024,
  nameChars: 64,
  detailChars: 128,
  saltBytes: 64,
  nonceBytes: 32,
  specializations: 16,
  roles: 3,
  evidenceIds: 32,
  /** Answer and score ids one ConsensusVote's outcome covers (messages.proto includedIds). */
  includedIds: 1024,
  evidenceEnvelopes: 8,
  /** Validators one CheckpointVote names (messages.proto CheckpointVoteBody.validators limit). */
  checkpointValidators: 256,
  /** A validator's weight is milli-trust: at most 1000 (DESIGN §5.6). */
  maxValidatorWeight: 1000,
  /** req/resp list lengths (inventory entries, task ids per task-sync request). */
  inventoryItems: 10_000,
  taskIdsPerRequest: 256,
  maxScore: 100,
  maxBps: 10_000,
} as const
