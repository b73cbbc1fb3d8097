/**
 * One diagram of the model, as the server lays it out and draws it (`GET /api/model/diagrams/{view}`):
 * the client draws nothing itself, so the dashboard, the CLI and the docs show the same picture. The
 * SVG sits inline in a scrolling viewport that zooms (buttons, + and - keys, Ctrl + wheel) and pans
 * (drag, scroll bars, arrow keys); the event model is wrapped to the viewport's width.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { fitZoom, nextZoom, wrapWidth } from './zoom.ts';

/** The views the server draws. */
export type DiagramView = 'cooperation' | 'process' | 'event-model';

/** Loads a diagram's SVG text, or says why it could not (impure). */
async function loadSvg(path: string): Promise<string> {
  const response = await fetch(path, { headers: { accept: 'image/svg+xml' } });
  if (!response.ok) throw new Error(`The diagram could not be drawn (HTTP ${response.status}).`);
  return response.text();
}

/** A diagram of the model with its zoom and pan controls. */
export function DiagramPanel(props: { view: DiagramView; label: string }) {
  const { view, label } = props;
  const viewport = useRef<HTMLDivElement>(null);
  const [svg, setSvg] = useState<string | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [zoom, setZoom] = useState<number | undefined>(undefined);
  const [natural, setNatural] = useState<{ width: number; height: number } | undefined>();
  const [path, setPath] = useState<string | undefined>(undefined);

  useLayoutEffect(() => {
    const width = viewport.current?.clientWidth ?? 1200;
    setPath(
      `/api/model/diagrams/${view}${view === 'event-model' ? `?width=${wrapWidth(width - 4)}` : ''}`,
    );
  }, [view]);

  useEffect(() => {
    if (path === undefined) return;
    let current = true;
    loadSvg(path).then(
      (text) => {
        if (current) setSvg(text);
      },
      (reason: unknown) => {
        if (current) setError(reason instanceof Error ? reason.message : String(reason));
      },
    );
    return () => {
      current = false;
    };
  }, [path]);

  // Once drawn: read the drawing's own size, and start at a zoom that fits it in the viewport.
  useLayoutEffect(() => {
    const element = viewport.current?.querySelector('svg');
    if (element === null || element === undefined) return;
    const width = Number(element.getAttribute('width'));
    const height = Number(element.getAttribute('height'));
    setNatural({ width, height });
    setZoom((z) => z ?? fitZoom(width, (viewport.current?.clientWidth ?? width) - 4));
  }, [svg]);

  useLayoutEffect(() => {
    const element = viewport.current?.querySelector('svg');
    if (element === null || element === undefined || natural === undefined) return;
    const z = zoom ?? 1;
    element.style.width = `${Math.round(natural.width * z)}px`;
    element.style.height = `${Math.round(natural.height * z)}px`;
  }, [zoom, natural, svg]);

  const step = (direction: 1 | -1): void => {
    setZoom((z) => nextZoom(z ?? 1, direction));
  };
  const fit = (): void => {
    if (natural !== undefined)
      setZoom(fitZoom(natural.width, (viewport.current?.clientWidth ?? natural.width) - 4));
  };

  // Drag to pan: the viewport scrolls under the pointer.
  const drag = useRef<{ x: number; y: number; left: number; top: number } | undefined>(undefined);
  const onPointerDown = (event: PointerEvent): void => {
    const v = viewport.current;
    if (v === null || event.button !== 0) return;
    drag.current = { x: event.clientX, y: event.clientY, left: v.scrollLeft, top: v.scrollTop };
    v.setPointerCapture(event.pointerId);
  };
  const onPointerMove = (event: PointerEvent): void => {
    const v = viewport.current;
    const start = drag.current;
    if (v === null || start === undefined) return;
    v.scrollLeft = start.left - (event.clientX - start.x);
    v.scrollTop = start.top - (event.clientY - start.y);
  };
  const onPointerUp = (): void => {
    drag.current = undefined;
  };
  const onWheel = (event: WheelEvent): void => {
    if (!event.ctrlKey) return;
    event.preventDefault();
    step(event.deltaY < 0 ? 1 : -1);
  };
  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.key === '+' || event.key === '=') step(1);
    else if (event.key === '-') step(-1);
    else if (event.key === '0') fit();
  };

  return (
    <div class="diagram-panel" data-diagram={view}>
      <div class="diagram-tools" role="toolbar" aria-label={`${label}: zoom`}>
        <button type="button" onClick={() => step(-1)} aria-label="Zoom out">
          −
        </button>
        <span class="zoom" aria-live="polite">
          {Math.round((zoom ?? 1) * 100)}%
        </span>
        <button type="button" onClick={() => step(1)} aria-label="Zoom in">
          +
        </button>
        <button type="button" onClick={fit}>
          Fit
        </button>
        <button type="button" onClick={() => setZoom(1)}>
          100%
        </button>
        {path === undefined ? null : (
          <a href={path} download={`${view}.svg`}>
            Download SVG
          </a>
        )}
      </div>
      {error === undefined ? null : <p class="error">{error}</p>}
      <div
        ref={viewport}
        class="diagram-viewport"
        tabIndex={0}
        role="group"
        aria-label={`${label}; drag or use the arrow keys to pan, + and − to zoom`}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
        onWheel={onWheel}
        onKeyDown={onKeyDown}
        // The SVG comes from this server, drawn from the model with every text escaped.
        dangerouslySetInnerHTML={{ __html: svg ?? '' }}
      />
      {svg === undefined && error === undefined ? <p class="muted">Drawing…</p> : null}
    </div>
  );
}
