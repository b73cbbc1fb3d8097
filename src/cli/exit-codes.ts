/** Exit codes of the `factum` command: each means one thing, so scripts can branch on them. */
export const exitCodes = {
  /** Everything ran and every expectation held. */
  ok: 0,
  /** The command ran, but what it checked did not hold (a failed scenario expectation, a refused act). */
  failed: 1,
  /** The input is malformed: a bad model, scenario or argument. Nothing was run. */
  invalidInput: 2,
  /** The store or another part of the infrastructure failed. */
  unavailable: 3,
} as const;
