/**
 * Federation between sovereign nodes (issue 6), the core: pinned partners (partners.ts), signed messages with
 * replay protection (jws.ts, messages.ts), the outbox with resumable, exactly-once delivery (outbox.ts) and the
 * periodic jobs (worker.ts). What travels — agreements, shared records, questions, disclosures, PPRL, audit
 * checkpoints — is in services/federation/.
 */
export { getPartner, identityOf, listPartners, pairWith, partnerActor, partnerByKeyId, type NodeIdentity, type Partner } from './partners';
export { MAX_SKEW_MS, onQueued, onRequest, receive, rejected, request, type Inbound, type QueuedHandler, type RequestHandler } from './messages';
export { deliverDue, deliverNow, deliverTo, enqueue, enqueueMany, outboxStatus, type DeliveryResult, type OutboxStatus } from './outbox';
export { registerJob, runJobsNow, startWorker, type Worker } from './worker';
export { signEnvelope, verifyEnvelope, type Envelope } from './jws';

import { registerJob } from './worker';
import { deliverDue } from './outbox';

registerJob('outbox', 0, deliverDue);
