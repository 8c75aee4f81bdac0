// Signs the browser in with the browser's own fetch, once the shim is ready,
// and tells whether the page's fetch is the shim's (it must be).
const [username, password, done] = arguments;
(async () => {
  await window.silentRenew.ready;
  const native = window.benchNativeFetch;
  if (typeof native !== 'function') throw new Error('the browser fetch was not kept before the page loaded');
  const response = await native.call(window, '/api/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  return { status: response.status, patched: window.fetch !== native };
})().then(done, (error) => done({ error: String(error) }));
