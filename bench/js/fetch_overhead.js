// The per-call cost of the page's fetch (the shim's) against the browser's
// own fetch, the very function the shim's loader saved: same page, same URL,
// same connection, sequential calls, each body read. They alternate in
// rounds (the order rotating every round) so a busy machine slows all alike.
// The control is the browser's fetch again: its distance from the first is
// what this measurement cannot tell apart from nothing.
const [batch, rounds, url, done] = arguments;
const variants = {
  native: (target) => window.benchNativeFetch.call(window, target),
  patched: (target) => window.fetch(target),
  control: (target) => window.benchNativeFetch.call(window, target),
};
const names = Object.keys(variants);

async function timeBatch(call, count) {
  let failures = 0;
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const response = await call(url);
    await response.arrayBuffer();
    if (response.status !== 200) failures++;
  }
  return { ms: performance.now() - started, failures };
}

(async () => {
  await window.silentRenew.ready;
  for (const name of names) await timeBatch(variants[name], 50);
  const result = { native: [], patched: [], control: [], failures: 0 };
  for (let round = 0; round < rounds; round++) {
    const order = names.map((_, i) => names[(i + round) % names.length]);
    for (const name of order) {
      const timed = await timeBatch(variants[name], batch);
      result[name].push(timed.ms);
      result.failures += timed.failures;
    }
  }
  return result;
})().then(done, (error) => done({ error: String(error) }));
