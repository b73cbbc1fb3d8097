/** Vitest global setup: provides a real PostgreSQL server to the integration tests. */
export default function setup(): void {
  // Filled in by the PostgreSQL store work.
}
