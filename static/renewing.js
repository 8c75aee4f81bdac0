// The "renewing your session" page: the server answered 401 because the
// access token expired while the session is probably alive. Renew once
// through the shim, then come back: reload a GET, submit a POST's fields
// again. A per-URL guard in sessionStorage stops a renew-reload loop.

const page = document.getElementById('renewing');
const loginUrl = page.dataset.loginUrl || '/login';
const guardKey = `silent-renew:interstitial:${location.pathname}${location.search}`;
const LOOP_WINDOW_MS = 10_000;

function comeBack() {
  sessionStorage.setItem(guardKey, String(Date.now()));
  if (page.dataset.method === 'POST') {
    document.getElementById('resubmit').submit();
  } else {
    location.reload();
  }
}

function showFailure() {
  document.getElementById('renewing-status').textContent = 'Renewal did not go through.';
  document.getElementById('renewing-failed').hidden = false;
}

async function renew() {
  document.getElementById('renewing-failed').hidden = true;
  const shim = window.silentRenew;
  if (!shim) {
    showFailure();
    return;
  }
  await shim.ready;
  const outcome = await shim.renew();
  if (outcome === 'renewed') {
    comeBack();
  } else if (outcome === 'failed') {
    showFailure();
  }
  // 'expired': the shim's expired action takes the user to sign in.
}

const lastTry = Number(sessionStorage.getItem(guardKey) || 0);
if (Date.now() - lastTry < LOOP_WINDOW_MS) {
  // We renewed and came back, yet the server still says "expired": do not loop.
  sessionStorage.removeItem(guardKey);
  location.assign(loginUrl);
} else {
  document.getElementById('renewing-retry').addEventListener('click', renew);
  renew();
}
