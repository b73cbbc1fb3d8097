// Child process of W4: runs autocannon against a URL (from a second process, as the issue asks) and
// prints one JSON line: 2xx responses, other responses, errors, duration (s), p50 and p99 (ms).
// Usage: node bench/workloads/autocannon-child.mjs '<json: url, method, headers, body, connections, duration>'
import autocannon from 'autocannon';

const options = JSON.parse(process.argv[2]);
const result = await autocannon({
  url: options.url,
  method: options.method,
  headers: options.headers,
  body: options.body,
  connections: options.connections,
  duration: options.duration,
});
process.stdout.write(
  `${JSON.stringify({
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    seconds: result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
  })}\n`,
);
