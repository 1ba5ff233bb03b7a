/**
 * Admission (DESIGN §5.9): accounts cost work. A MinerProfile carries a proof of work of genesis
 * `profileWorkBits`; every other message names a profile of its signer (`profileId`), a parent like
 * any other: IGNOREd with its id until held (DESIGN §5.10), REJECTed when it names anything else.
 */
import { type AnySignedMessage, bytesEqual, checkProfileWork, MessageKind } from '@aimesh/protocol'
import { missingParent, RejectCode, reject } from '../errors.js'
import { hex } from '../ids.js'
import type { ValidationView } from './view.js'

/** The signer's profile named by the message must be held and be the signer's own MinerProfile. */
export function checkAdmission(view: ValidationView, msg: AnySignedMessage): void {
  if (msg.kind === MessageKind.MinerProfile) {
    const bits = view.genesis.params.profileWorkBits
    if (!checkProfileWork(view.genesis.networkId, msg.signer, msg.body.workNonce, bits))
      reject(RejectCode.PROFILE_WORK, `the profile does not carry ${bits} bits of proof of work`)
    return
  }
  const profileId = msg.body.profileId
  const profile = view.getMessage(hex(profileId))
  if (profile === undefined) {
    const taskId = 'taskId' in msg.body ? msg.body.taskId : undefined
    missingParent([profileId], taskId, "the signer's profile is not known yet")
  }
  if (profile.kind !== MessageKind.MinerProfile || !bytesEqual(profile.signer, msg.signer))
    reject(RejectCode.BAD_REFERENCE, "profileId does not name a profile of the message's signer")
}
