/**
 * The writes of batches scored one after another, where each batch's state includes every earlier
 * one's: a batch's effects (rows, alerts, dead letters) start at once and may overlap other batches'
 * effects (they are idempotent by id), but its state record is written only after its own effects and
 * after every earlier batch's state record. Once any write is given up, no later state record is
 * written: it would say that the lost batch was applied.
 */
export interface OrderedWrites {
  /** Resolves once the batch's effects and its state record are durable (then its offsets may be committed). */
  queue(effects: () => Promise<void>, state: () => Promise<void>): Promise<void>;
}

export function orderedWrites(): OrderedWrites {
  let broken: unknown;
  let lastState: Promise<void> = Promise.resolve();
  const guard = async (write: () => Promise<void>) => {
    try {
      await write();
    } catch (error) {
      broken ??= error;
      throw error;
    }
  };
  return {
    queue(effects, state) {
      const earlier = lastState;
      const effectsDone = broken === undefined ? guard(effects) : Promise.reject(notWritten(broken));
      const done = (async () => {
        await effectsDone;
        await earlier;
        if (broken !== undefined) throw notWritten(broken);
        await guard(state);
      })();
      // A failure is reported by this batch's own promise; the next one only needs to know it happened.
      lastState = done.catch(() => undefined);
      effectsDone.catch(() => undefined);
      return done;
    },
  };
}

const notWritten = (cause: unknown) => new Error('an earlier batch was not written; this one waits for the restart', { cause });
