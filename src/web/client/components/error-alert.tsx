/** An error said aloud: a paragraph in the alert role, or nothing while there is no error. */
import { scrollIntoViewOnMount } from './scroll.ts';

/**
 * The error in an alert paragraph, or nothing when there is none; `scroll` brings it into view as
 * it appears (for errors of an act the user just tried), `page` sets it out as a block of the page.
 */
export function ErrorAlert(props: { error: string | undefined; scroll?: boolean; page?: boolean }) {
  if (props.error === undefined) return null;
  return (
    <p
      class={props.page === true ? 'error page' : 'error'}
      role="alert"
      {...(props.scroll === true ? { ref: scrollIntoViewOnMount } : {})}
    >
      {props.error}
    </p>
  );
}
