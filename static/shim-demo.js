// The demo page's own code. It knows nothing about renewal: it calls plain fetch(), and only
// listens to the shim's events to show what happened.

const log = document.getElementById('log');
const stay = document.getElementById('stay');

function write(line) {
  log.textContent = `${new Date().toLocaleTimeString()}  ${line}\n${log.textContent}`;
}

for (const name of ['ready', 'start', 'success', 'expired', 'failed']) {
  window.addEventListener(`silent-renew:${name}`, (event) => {
    write(`silent-renew:${name} ${JSON.stringify(event.detail)}`);
    if (name === 'expired' && stay.checked) event.preventDefault();
  });
}

async function call(method, url, body) {
  const init = { method };
  if (body !== undefined) {
    init.headers = { 'content-type': 'application/json' };
    init.body = JSON.stringify(body);
  }
  try {
    const response = await fetch(url, init);
    write(`${method} ${url} -> ${response.status} ${await response.text()}`);
  } catch (error) {
    write(`${method} ${url} failed: ${error}`);
  }
}

const calls = {
  me: () => call('GET', '/api/me'),
  notes: () => call('GET', '/api/notes'),
  'add-note': () => call('POST', '/api/notes', { body: `A note written at ${new Date().toLocaleTimeString()}` }),
  burst: () => Promise.all(['/api/me', '/api/notes', '/api/me', '/api/sessions', '/api/notes'].map((url) => call('GET', url))),
  renew: async () => write(`silentRenew.renew() -> ${await window.silentRenew.renew()}`),
  logout: () => call('POST', '/api/logout'),
};

for (const button of document.querySelectorAll('button[data-call]')) {
  button.addEventListener('click', () => calls[button.dataset.call]());
}

document.getElementById('sign-in').addEventListener('submit', (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const route = event.submitter && event.submitter.value === 'register' ? '/api/register' : '/api/login';
  call('POST', route, { username: form.get('username'), password: form.get('password') });
});
