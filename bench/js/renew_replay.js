// One request whose access cookie is gone (the driver deleted it): the
// server answers 401, the shim renews and replays, and the page gets the
// replay's answer. Returns the page's times, when the shim started the
// renewal (its `silent-renew:start` event: the 401 is in hand), and the
// resource timings of the renewal and the replay. (The 401 itself has no
// resource timing: the browser adds one when a body is read to its end, and
// nobody reads the 401's.)
const [url, done] = arguments;
(async () => {
  performance.clearResourceTimings();
  let renewalStartedAt = null;
  const onStart = () => { renewalStartedAt = performance.now(); };
  window.addEventListener('silent-renew:start', onStart, { once: true });
  const sent = performance.now();
  const response = await fetch(url);
  await response.arrayBuffer();
  const answered = performance.now();
  window.removeEventListener('silent-renew:start', onStart);
  const entries = performance.getEntriesByType('resource').map((entry) => ({
    path: new URL(entry.name).pathname,
    start: entry.startTime,
    end: entry.responseEnd,
  }));
  return { status: response.status, sent, answered, renewalStartedAt, entries };
})().then(done, (error) => done({ error: String(error) }));
