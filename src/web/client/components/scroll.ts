/** Brings a message into view when it appears, clear of the sticky header (its `scroll-margin-top`). */

/** A ref callback: scrolls the element into view once it is mounted (impure). */
export function scrollIntoViewOnMount(element: HTMLElement | null): void {
  if (element === null || typeof element.scrollIntoView !== 'function') return;
  const box = element.getBoundingClientRect();
  const header = document.querySelector('.topbar')?.getBoundingClientRect().bottom ?? 0;
  if (box.top >= header && box.bottom <= window.innerHeight) return;
  element.scrollIntoView({ block: 'center', behavior: 'smooth' });
}
