// The shim's own work per call, without the network: the loader is loaded
// into a same-origin iframe whose browser fetch was first replaced by one
// that answers at once (it passes the shim's own .wasm download through), and
// the iframe's patched fetch is timed against that instant fetch, alternating
// in rounds. What is left is what the shim adds to every call.
const [calls, rounds, url, done] = arguments;
(async () => {
  const frame = document.createElement('iframe');
  document.body.append(frame);
  const inner = frame.contentWindow;
  const browserFetch = inner.fetch.bind(inner);
  const answer = new Response('{}', { status: 200 });
  const instant = (input, init) =>
    String(input).endsWith('.wasm') ? browserFetch(input, init) : Promise.resolve(answer);
  inner.fetch = instant;
  const loader = inner.document.createElement('script');
  loader.type = 'module';
  loader.src = '/static/shim/silent-renew.js';
  inner.document.head.append(loader);
  for (let i = 0; i < 500 && !inner.silentRenew; i++) await new Promise((r) => setTimeout(r, 10));
  await inner.silentRenew.ready;
  const patched = inner.fetch;
  if (patched === instant) throw new Error('the shim did not patch the iframe');

  const timeCalls = async (call) => {
    const started = performance.now();
    for (let i = 0; i < calls; i++) await call(url);
    return performance.now() - started;
  };
  await timeCalls(instant);
  await timeCalls(patched);
  const result = { instant: 0, patched: 0 };
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? ['instant', 'patched'] : ['patched', 'instant'];
    for (const name of order) result[name] += await timeCalls(name === 'instant' ? instant : patched);
  }
  frame.remove();
  const perCallUs = (ms) => (ms * 1000) / (calls * rounds);
  return { instant_us: perCallUs(result.instant), patched_us: perCallUs(result.patched) };
})().then(done, (error) => done({ error: String(error) }));
