/**
 * Sessions looked up once per few seconds instead of once per request. An API request needs its actor
 * before anything else; asking the store each time (a join, plus an update of last_seen) cost more than
 * the record read it guarded. A live session is kept here for at most `ttlMs` and never past its expiry.
 *
 * Revocation: logging out, a new purpose and any change to a user go through this node's services,
 * which drop the cached sessions at once (`forget`, `clear`). Only a change made directly in the database
 * by another process waits up to `ttlMs` (default 5 s) to take effect. `last_seen` is refreshed on each
 * lookup in the store, so it is at most `ttlMs` behind.
 */
import type { Actor } from '../context';
import type { Executor } from '../store/schema';
import { sessionFromToken, sessionIdOf } from './sessions';

export class SessionCache {
  private entries = new Map<string, { actor: Actor; until: number }>();
  constructor(private readonly ttlMs = 5000, private readonly max = 10_000) {}

  async actor(db: Executor, token: string): Promise<Actor | null> {
    const id = sessionIdOf(token);
    const hit = this.entries.get(id);
    const now = Date.now();
    if (hit && hit.until > now) return hit.actor;
    this.entries.delete(id);
    const found = await sessionFromToken(db, token);
    if (!found) return null;
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(id, { actor: found.actor, until: Math.min(now + this.ttlMs, found.expiresAt.getTime()) });
    return found.actor;
  }

  /** Drops one session (logout, new purpose). */
  forget(token: string): void { this.entries.delete(sessionIdOf(token)); }

  /** Drops every session (a user was changed or disabled). */
  clear(): void { this.entries.clear(); }
}
