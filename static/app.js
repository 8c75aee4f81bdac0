// Progressive enhancement for the notes page: add and delete notes without
// a full reload. It calls plain fetch(); the silent-renew shim behind it
// renews an expired session on its own. If fetch fails, the form is
// submitted the ordinary way, so nothing is lost.

const banner = document.getElementById('session-banner');

// The session is over: say so for a moment before going to the sign-in
// page (the shim's own action would go at once), coming back here after.
const SIGN_IN_DELAY_MS = 1500;
window.addEventListener('silent-renew:expired', (event) => {
  if (!banner) return;
  event.preventDefault();
  banner.textContent = 'Your session has ended. Taking you to the sign-in page…';
  banner.hidden = false;
  const loginUrl = (event.detail && event.detail.loginUrl) || '/login';
  const next = encodeURIComponent(location.pathname + location.search);
  setTimeout(() => location.assign(`${loginUrl}?next=${next}`), SIGN_IN_DELAY_MS);
});

function showError(form, field, message) {
  const slot = form.querySelector(`[data-error-for="${field}"]`);
  const input = form.querySelector(`[name="${field}"]`);
  if (slot) {
    slot.textContent = message || '';
    slot.hidden = !message;
  }
  if (input) {
    if (message) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  }
}

function renderNote(note, csrfToken) {
  const item = document.createElement('li');
  item.className = 'note';
  item.dataset.noteId = String(note.id);
  const body = document.createElement('p');
  body.className = 'note-body';
  body.textContent = note.body;
  const meta = document.createElement('div');
  meta.className = 'note-meta';
  const time = document.createElement('time');
  time.dateTime = note.created_at;
  time.textContent = 'just now';
  const form = document.createElement('form');
  form.method = 'post';
  form.action = `/notes/${note.id}/delete`;
  form.className = 'inline';
  form.dataset.enhance = 'delete-note';
  const token = document.createElement('input');
  token.type = 'hidden';
  token.name = 'csrf_token';
  token.value = csrfToken;
  const button = document.createElement('button');
  button.type = 'submit';
  button.className = 'link danger';
  button.textContent = 'Delete';
  button.setAttribute('aria-label', 'Delete note from just now');
  form.append(token, button);
  meta.append(time, form);
  item.append(body, meta);
  return item;
}

function updateEmptyState() {
  const list = document.getElementById('notes');
  const empty = document.getElementById('notes-empty');
  if (list && empty) empty.hidden = list.children.length > 0;
}

async function addNote(form) {
  const textarea = form.querySelector('[name="body"]');
  const button = form.querySelector('button[type="submit"]');
  const csrfToken = form.querySelector('[name="csrf_token"]').value;
  button.disabled = true;
  try {
    const response = await fetch('/api/notes', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ body: textarea.value }),
    });
    if (response.status === 201) {
      const note = await response.json();
      document.getElementById('notes').prepend(renderNote(note, csrfToken));
      textarea.value = '';
      showError(form, 'body', '');
      updateEmptyState();
      textarea.focus();
      return;
    }
    if (response.status === 422) {
      const problem = await response.json();
      showError(form, 'body', problem.message);
      textarea.focus();
      return;
    }
    if (response.status === 401) return; // The session is over; the shim takes the user to sign in.
    form.submit();
  } catch {
    form.submit();
  } finally {
    button.disabled = false;
  }
}

async function deleteNote(form) {
  const item = form.closest('.note');
  const id = item && item.dataset.noteId;
  if (!id) return form.submit();
  item.classList.add('leaving');
  try {
    const response = await fetch(`/api/notes/${encodeURIComponent(id)}`, { method: 'DELETE' });
    if (response.status === 204 || response.status === 404) {
      item.remove();
      updateEmptyState();
      return;
    }
    item.classList.remove('leaving');
    if (response.status !== 401) form.submit();
  } catch {
    form.submit();
  }
}

document.addEventListener('submit', (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || typeof window.fetch !== 'function') return;
  const action = form.dataset.enhance;
  if (action === 'add-note') {
    event.preventDefault();
    addNote(form);
  } else if (action === 'delete-note') {
    event.preventDefault();
    deleteNote(form);
  }
});
