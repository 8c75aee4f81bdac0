// silent-renew: the fetch shim's loader.
//
//   <script type="module" src="/static/shim/silent-renew.js" data-renew-url="/auth/renew"></script>
//   or: import { install } from '/static/shim/silent-renew.js'; install({ renewUrl: '/auth/renew' });
//
// The WebAssembly core loads asynchronously, so `install` patches `window.fetch` at once with a
// thin wrapper: a call made before the core is ready waits for it, then goes through it. If the
// core cannot load, fetch is given back as it was and nothing waits.

import init, { Shim } from './silent_renew_shim.js';

const VERSION = '0.1.0';

/**
 * Patches `window.fetch` once; later calls return the first installation's `ready`.
 * @param {import('./silent-renew').SilentRenewOptions} [options]
 */
export function install(options = {}) {
  const installed = window.silentRenew;
  if (installed && installed.ready) return installed.ready;

  const originalFetch = window.fetch;
  const settings = coreOptions(options);
  let shim = null;
  let unavailable = false;

  function fetch(input, init) {
    if (shim) return throughShim(input, init);
    if (unavailable) return originalFetch.call(window, input, init);
    return ready.then(
      () => throughShim(input, init),
      () => originalFetch.call(window, input, init),
    );
  }

  // Most calls stay in JavaScript: a request whose replay needs nothing kept but its URL and
  // options (no body, or a string) goes straight out, and only a 401 enters the WebAssembly
  // core, which decides whether renewal cures it. Everything else, and every call made while a
  // renewal runs (it must be held), goes through the core.
  function throughShim(input, init) {
    const sentAt = replayableAsCalled(input, init) ? shim.sentAt() : undefined;
    if (sentAt === undefined) return shim.fetch(input, init);
    const url = String(input);
    const options = keptOptions(init);
    return originalFetch.call(window, input, init).then((response) =>
      response.status === 401 ? shim.answer(url, options, response, sentAt) : response,
    );
  }

  const ready = init(options.wasmUrl ? { module_or_path: options.wasmUrl } : undefined).then(() => {
    shim = new Shim(originalFetch, settings);
    const detail = { version: VERSION, options: settings };
    window.dispatchEvent(new CustomEvent('silent-renew:ready', { detail }));
    return detail;
  });
  ready.catch((error) => {
    unavailable = true;
    if (window.fetch === fetch) window.fetch = originalFetch;
    console.error('silent-renew: not installed; fetch works as before, without renewal.', error);
  });

  window.fetch = fetch;
  window.silentRenew = {
    version: VERSION,
    ready,
    install,
    renew: () => ready.then(() => shim.renew(), () => 'failed'),
  };
  return ready;
}

/** True when `fetch(input, init)` can be sent again later from its URL and options alone. */
function replayableAsCalled(input, init) {
  const body = init == null ? null : init.body;
  return (typeof input === 'string' || input instanceof URL) && (body == null || typeof body === 'string');
}

/** The options as they are now: the page may reuse its `init` and change it while we wait. */
function keptOptions(init) {
  if (init == null) return init;
  const { headers } = init;
  const kept = { ...init };
  if (headers instanceof Headers) kept.headers = new Headers(headers);
  else if (Array.isArray(headers)) kept.headers = headers.map((pair) => [...pair]);
  else if (headers != null) kept.headers = { ...headers };
  return kept;
}

/** The core's options: lists of prefixes become one space-separated string. */
function coreOptions(options) {
  const settings = { ...options };
  for (const key of ['include', 'exclude']) {
    if (Array.isArray(settings[key])) settings[key] = settings[key].join(' ');
  }
  delete settings.wasmUrl;
  return settings;
}

/**
 * Options given in the page: `data-*` attributes of `<meta name="silent-renew">`, then of the
 * script tag that loaded this module (found by its URL: module scripts have no currentScript).
 * `null` when the page has neither, as when a bundle imports this module to call `install()`.
 */
function optionsInPage() {
  const meta = document.querySelector('meta[name="silent-renew"]');
  const tag = [...document.querySelectorAll('script[src]')].find((script) => script.src === import.meta.url);
  if (!meta && !tag) return null;
  return { ...(meta && meta.dataset), ...(tag && tag.dataset) };
}

const pageOptions = optionsInPage();
if (pageOptions) install(pageOptions);
