import { describe, expect, it } from 'vitest';
import { fitZoom, nextZoom, wrapWidth } from './zoom.ts';

describe('zooming a diagram', () => {
  it('steps in and out from any zoom, and stops at the ends', () => {
    expect(nextZoom(1, 1)).toBe(1.25);
    expect(nextZoom(1, -1)).toBe(0.8);
    expect(nextZoom(0.7, 1)).toBe(0.8);
    expect(nextZoom(0.7, -1)).toBe(0.67);
    expect(nextZoom(3, 1)).toBe(3);
    expect(nextZoom(0.25, -1)).toBe(0.25);
  });

  it('fits a wide drawing into the viewport, never enlarging a small one', () => {
    expect(fitZoom(2000, 1000)).toBe(0.5);
    expect(fitZoom(500, 1000)).toBe(1);
    expect(fitZoom(0, 1000)).toBe(1);
  });

  it('wraps the event model to the viewport in hundreds, within what the server draws', () => {
    expect(wrapWidth(1234)).toBe(1200);
    expect(wrapWidth(320)).toBe(600);
    expect(wrapWidth(9000)).toBe(4000);
  });
});
