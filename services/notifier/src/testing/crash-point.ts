import type { DeadLetterSink } from '../delivery/dead-letter.sink';
import type { LedgerBackend } from '../delivery/delivery.ledger';
import type { Clock } from '../notifier.types';
import type { RevocationAuditStore } from '../revocation/revocation-audit.store';

/**
 * kill -9 inside a test: once `crash()` is called, nothing the old process does any more completes
 * (ledger and audit writes and reads, dead letters, waits hang forever), while the HTTP requests it
 * already sent stay sent. A second notifier on the same durable stores is the restarted process.
 */
export class CrashPoint {
  private crashed = false;
  private readonly never = new Promise<never>(() => undefined);

  crash(): void {
    this.crashed = true;
  }

  private guard<T>(work: () => Promise<T>): Promise<T> {
    if (this.crashed) return this.never;
    return work().then((value) => (this.crashed ? this.never : value));
  }

  ledger(backend: LedgerBackend): LedgerBackend {
    return {
      load: (ids) => this.guard(() => backend.load(ids)),
      save: (entries) => this.guard(() => backend.save(entries)),
      pending: (since) => this.guard(() => backend.pending(since)),
    };
  }

  audit(store: RevocationAuditStore): RevocationAuditStore {
    return {
      append: (rows) => this.guard(() => store.append(rows)),
      latest: (ids) => this.guard(() => store.latest(ids)),
      countActions: (mode, since) => this.guard(() => store.countActions(mode, since)),
      revokedTokens: (since) => this.guard(() => store.revokedTokens(since)),
    };
  }

  deadLetters(sink: DeadLetterSink): DeadLetterSink {
    return { write: (letters) => this.guard(() => sink.write(letters)) };
  }

  /** A clock of its own (Slack's rate gate is per clock), whose waits never end after the crash. */
  clock(clock: Clock): Clock {
    return { now: () => clock.now(), sleep: (ms) => this.guard(() => clock.sleep(ms)) };
  }
}
