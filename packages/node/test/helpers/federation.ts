/**
 * Two federated nodes for tests, as the issue asks: the Mexico node on in-memory PGlite and the U.S. node on a
 * database of its own on the PostgreSQL server, both listening on 127.0.0.1 on their own ports, each with the
 * other's key pinned (paired through the real HTTP identity route). No background worker unless asked: tests
 * call runJobsNow / deliverNow so that what happens when is theirs to say.
 *
 *   const { mx, us, close } = await startFederatedPair();
 */
import { pairWith } from '../../src/federation/index';
import { systemActor } from '../../src/identity/index';
import { startTestNode, type TestNode, type TestNodeOptions } from './node';

export interface FederatedPair { mx: TestNode; us: TestNode; close(): Promise<void> }

export async function startFederatedPair(opts: { demo?: boolean; worker?: boolean; pair?: boolean; mx?: TestNodeOptions; us?: TestNodeOptions } = {}): Promise<FederatedPair> {
  const common: TestNodeOptions = { demo: opts.demo ?? false, federationWorker: opts.worker ?? false, config: { federationRetryBaseMs: 50, federationIntervalMs: 100 } };
  const mx = await startTestNode({ ...common, country: 'MX', store: 'pglite', ...opts.mx });
  let us: TestNode;
  try {
    us = await startTestNode({ ...common, country: 'US', store: 'server', ...opts.us });
  } catch (err) {
    await mx.close();
    throw err;
  }
  const pair = { mx, us, async close() { await Promise.allSettled([mx.close(), us.close()]); } };
  if (opts.pair !== false) {
    try {
      await pairNodes(mx, us);
    } catch (err) {
      await pair.close();
      throw err;
    }
  }
  return pair;
}

/** Pins each node's key in the other (as each node's operator would with `puente federation pair`). */
export async function pairNodes(a: TestNode, b: TestNode): Promise<void> {
  const ca = a.node.ctx, cb = b.node.ctx;
  await pairWith(ca, systemActor(ca.node), { url: b.url, fingerprint: cb.app.nodeKey.keyId });
  await pairWith(cb, systemActor(cb.node), { url: a.url, fingerprint: ca.app.nodeKey.keyId });
}
