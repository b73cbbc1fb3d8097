// Child process of W7: autocannon running whole transactions through the HTTP API — a request,
// then promise, execute, declare and accept on the transaction it created — and printing one JSON
// line: 2xx responses (acts), other responses, errors, duration (s), p50 and p99 (ms).
// Usage: node bench/workloads/act-cycle-child.mjs '<json: url, clientToken, supplierToken, body, connections, duration>'
import autocannon from 'autocannon';

const options = JSON.parse(process.argv[2]);
const headers = (token) => ({
  'content-type': 'application/json',
  authorization: `Bearer ${token}`,
});
const act = (name, token) => ({
  method: 'POST',
  headers: headers(token),
  body: '{}',
  setupRequest: (request, context) => ({
    ...request,
    path: `/api/transactions/${context.id}/acts/${name}`,
  }),
});
const result = await autocannon({
  url: options.url,
  connections: options.connections,
  duration: options.duration,
  requests: [
    {
      method: 'POST',
      path: '/api/transactions',
      headers: headers(options.clientToken),
      body: options.body,
      onResponse: (status, body, context) => {
        if (status === 201) context.id = JSON.parse(body).transactionId;
      },
    },
    act('promise', options.supplierToken),
    act('execute', options.supplierToken),
    act('declare', options.supplierToken),
    act('accept', options.clientToken),
  ],
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
