/** The arithmetic of zooming a diagram: the steps, the fit, the width to wrap to (pure). */

const zoomSteps = [0.25, 0.33, 0.5, 0.67, 0.8, 1, 1.25, 1.5, 2, 3];

/** The width to wrap the event model to: the viewport's, in hundreds of px, within what the server draws (pure). */
export function wrapWidth(viewport: number): number {
  return Math.min(4000, Math.max(600, Math.floor(viewport / 100) * 100));
}

/** The zoom that fits a drawing of `natural` px into `available` px, never above 100% (pure). */
export function fitZoom(natural: number, available: number): number {
  return natural <= 0 || available <= 0 ? 1 : Math.min(1, available / natural);
}

/** The next zoom step in or out from `now`; the last step when there is none further (pure). */
export function nextZoom(now: number, direction: 1 | -1): number {
  const next =
    direction > 0
      ? zoomSteps.find((s) => s > now + 0.001)
      : [...zoomSteps].reverse().find((s) => s < now - 0.001);
  return next ?? now;
}
