// The per-call cost of the page's fetch (the shim's) against the browser's
// own fetch, the very function the shim's loader saved: same page, same URL,
// same connection, sequential calls, each body read. The two alternate in
// rounds (and swap order every round) so a busy machine slows both alike.
const [batch, rounds, url, done] = arguments;
const variants = {
  native: (target) => window.benchNativeFetch.call(window, target),
  patched: (target) => window.fetch(target),
};

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
  await timeBatch(variants.native, 50);
  await timeBatch(variants.patched, 50);
  const result = { native: [], patched: [], failures: 0 };
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? ['native', 'patched'] : ['patched', 'native'];
    for (const name of order) {
      const timed = await timeBatch(variants[name], batch);
      result[name].push(timed.ms);
      result.failures += timed.failures;
    }
  }
  return result;
})().then(done, (error) => done({ error: String(error) }));
