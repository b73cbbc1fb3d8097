/** The shop's three actor roles, as the model tests write them: a fresh copy each call, for tests that break it. */
export function shopRoles() {
  return {
    CA01: { name: 'customer', kind: 'environmental' },
    A01: { name: 'order completer' },
    A02: { name: 'shipper' },
  } as const;
}
