/**
 * The outcome of checking a message, shared by the engine and the gossip layer:
 * ACCEPT applies and relays; IGNORE drops without penalty (it may become valid, or is
 * redundant); REJECT drops and penalises the sender (provably bad).
 */
export enum Verdict {
  Accept = 'ACCEPT',
  Ignore = 'IGNORE',
  Reject = 'REJECT',
}
