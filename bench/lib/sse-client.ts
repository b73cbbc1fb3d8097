/** A minimal Server-Sent Events client over fetch that stamps each frame with its arrival time. */
import { now } from './stats.ts';

/** One frame as it arrived. */
export interface SseFrame {
  readonly event: string;
  readonly data: string;
  readonly at: number;
}

/** An open SSE connection: frames go to `onFrame` as they arrive; `close` ends it. */
export interface SseClient {
  close(): void;
}

/** Connects to an SSE URL and resolves once the response headers arrived (impure). */
export async function connectSse(
  url: string,
  headers: Record<string, string>,
  onFrame: (frame: SseFrame) => void,
): Promise<SseClient> {
  const controller = new AbortController();
  const response = await fetch(url, { headers, signal: controller.signal });
  if (!response.ok || response.body === null) {
    throw new Error(`SSE ${url}: HTTP ${response.status}`);
  }
  const reader: ReadableStreamDefaultReader<Uint8Array> = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  void (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        const at = now();
        buffer += decoder.decode(value, { stream: true });
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let event = 'message';
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith('event: ')) event = line.slice(7);
            else if (line.startsWith('data: ')) data.push(line.slice(6));
          }
          if (data.length > 0) onFrame({ event, data: data.join('\n'), at });
          end = buffer.indexOf('\n\n');
        }
      }
    } catch {
      // Aborted by close().
    }
  })();
  return { close: () => controller.abort() };
}
