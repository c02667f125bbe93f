/** The steps a flow passes through, one for each event in turn. */
export function stepsThrough<S extends { step: string }, E>(transition: (state: S, event: E) => S, from: S, events: readonly E[]): S['step'][] {
  const seen: S['step'][] = [];
  events.reduce((state, event) => {
    const next = transition(state, event);
    seen.push(next.step);
    return next;
  }, from);
  return seen;
}
