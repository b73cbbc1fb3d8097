/** The screen for an address the dashboard does not know. */
import { href } from '../router.ts';

/** Says the page does not exist and where to go instead. */
export function NotFound() {
  return (
    <main id="main" tabIndex={-1} class="page narrow">
      <h1>Page not found</h1>
      <p class="lead">
        There is no page at this address. It may have been mistyped, or the link is out of date.
      </p>
      <p>
        <a href="#/">Go to your start page</a> · <a href={href('transactions')}>All transactions</a>{' '}
        · <a href={href('model')}>The model</a>
      </p>
    </main>
  );
}
