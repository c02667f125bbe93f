/**
 * Runs tasks one after another, in the order asked, whatever became of the
 * one before: what a terminal needs so two taps cannot print interleaved
 * tickets or race a window's state.
 */
export type Serial = <T>(task: () => Promise<T>) => Promise<T>;

export function serialQueue(): Serial {
  let tail: Promise<unknown> = Promise.resolve();
  return (task) => {
    const run = tail.then(task, task);
    // A failed task answers its own caller; the queue goes on.
    tail = run.catch(() => {});
    return run;
  };
}
