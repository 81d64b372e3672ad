/**
 * Federation services (issue 6). Importing this module registers every federation message handler and periodic
 * job (federation/messages.ts onRequest/onQueued, federation/worker.ts registerJob); the node imports it once.
 */
import './share';
import './queries';
import './disclosures';
import './pprl';
import './checkpoints';
