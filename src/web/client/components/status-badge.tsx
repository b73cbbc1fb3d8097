/** A transaction status as a coloured badge. */
import { statusTone } from '../format.ts';

/** Renders a status badge; `revocation` marks a revocation awaiting its answer. */
export function StatusBadge(props: { status: string; revocation?: string | null | undefined }) {
  return (
    <span class="badges">
      <span class={`badge badge-${statusTone(props.status)}`} data-status={props.status}>
        {props.status}
      </span>
      {props.revocation === undefined || props.revocation === null ? null : (
        <span class="badge badge-warning" title="A revocation awaits its answer">
          revoke {props.revocation}?
        </span>
      )}
    </span>
  );
}
