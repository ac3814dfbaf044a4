// Roster console: look at and fix the users of an app through Roster's public API, signed in this tab.
// Everything user-supplied reaches the page as text (textContent), never as markup.

import { Api, ApiError, ROSTER, VOLCENGINE } from './api.js';

const AUTH = document.querySelector('meta[name="roster-auth"]').content !== 'off';
const REGION = document.querySelector('meta[name="roster-region"]').content;
const KEYS = { ak: 'roster.accessKeyId', sk: 'roster.secretAccessKey', app: 'roster.appId' };
const MAX_APP_ID = 2147483647;
const TIME_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;
const MAX_USER_ID = 2n ** 63n - 1n;
/** Whether this browser reads and writes integers beyond 2^53 exactly (JSON source text access, rawJSON). */
const EXACT_IDS = typeof JSON.rawJSON === 'function' && (() => {
  let exact = false;
  JSON.parse('1', (key, value, context) => { exact = context?.source === '1'; return value; });
  return exact;
})();

const $ = (id) => document.getElementById(id);
let api = null;
let profile = null; // {user: the profile the form was filled from, newer: the stored one after a VersionConflict}
let search = null; // the ListUsers body of the results shown, and its NextCursor
const shown = new Map(); // UserId (text) -> row of the results table
let listing = 0; // the latest lookup or search: an older one's answer, arriving late, is dropped
let epoch = 0; // bumped when the AppId changes or the key signs out: answers to calls made before are dropped

// ---------------------------------------------------------------------------------------------- helpers

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (name === 'class') node.className = value;
    else if (name === 'text') node.textContent = value;
    else if (name.startsWith('data-') || name.startsWith('aria-')) node.setAttribute(name, value);
    else node[name] = value;
  }
  node.append(...children.filter((c) => c != null));
  return node;
}

/** A table cell that names its column, for the card layout of narrow screens. */
function cell(label, props, ...children) {
  return el('td', { ...props, 'data-label': label }, ...children);
}

function say(kind, text) {
  $('message').replaceChildren(el('p', { class: kind, text }));
}

function sayError(e) {
  if (e instanceof ApiError) {
    say('error', e.message + (e.requestId ? ` (RequestId ${e.requestId})` : ''));
  } else {
    say('error', e.message);
    console.error(e);
  }
}

/** A mistake in what was typed, reported like an API error but never sent. */
class InputError extends Error {
  /** field: the id of the control at fault, marked invalid and focused. */
  constructor(message, field) {
    super(message);
    this.field = field;
  }
}

/** Marks the control invalid (described by the message) until it is edited, and puts the focus on it. */
function markInvalid(id) {
  const control = $(id);
  control.setAttribute('aria-invalid', 'true');
  control.setAttribute('aria-describedby', 'message');
  control.addEventListener('input', () => {
    control.removeAttribute('aria-invalid');
    control.removeAttribute('aria-describedby');
  }, { once: true });
  control.focus();
}

async function run(button, work) {
  if (button) button.disabled = true;
  $('main').setAttribute('aria-busy', 'true');
  try {
    await work();
  } catch (e) {
    sayError(e);
    if (e instanceof InputError && e.field) markInvalid(e.field);
  } finally {
    if (button) button.disabled = false;
    $('main').removeAttribute('aria-busy');
  }
}

function time(ms) {
  if (ms == null) return '';
  const when = new Date(Number(ms));
  return when.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' }) + ` (${TIME_ZONE})`;
}

/** Ids as canonical decimal text: UserIds are 64-bit, beyond what a JavaScript number holds exactly. */
function parseIds(field, what) {
  const ids = [];
  for (const id of $(field).value.split(/[\s,]+/).filter(Boolean)) {
    const n = /^\d{1,19}$/.test(id) ? BigInt(id) : 0n;
    if (n < 1n || n > MAX_USER_ID) throw new InputError(`${what}: "${id}" is not a UserId (1 to 2^63-1)`, field);
    if (!EXACT_IDS && n > BigInt(Number.MAX_SAFE_INTEGER)) {
      throw new InputError(`${what}: this browser cannot send ${id} exactly (beyond 2^53); use a current one`, field);
    }
    ids.push(n.toString());
  }
  if (!ids.length) throw new InputError(`${what}: enter at least one UserId`, field);
  return [...new Set(ids)];
}

/** A UserId for a request body: raw JSON, exact, where the browser can write it. */
function jsonId(id) {
  return EXACT_IDS ? JSON.rawJSON(String(id)) : Number(id);
}

/** Tags typed in one line: separated by commas, each trimmed. */
function parseTagList(text) {
  return [...new Set(text.split(/[,\n]/).map((t) => t.trim()).filter(Boolean))];
}

/** Tags edited one per line, exactly as written (a tag may hold spaces and commas). */
function parseTagLines(text) {
  return [...new Set(text.split('\n').filter((t) => t.trim() !== ''))];
}

/** Ext as a JSON object of strings: exact for any key and value. */
function parseExt(field, what) {
  const text = $(field).value;
  let ext;
  try {
    ext = text.trim() ? JSON.parse(text) : {};
  } catch (e) {
    throw new InputError(`${what}: not JSON (${e.message})`, field);
  }
  if (ext === null || typeof ext !== 'object' || Array.isArray(ext)
      || Object.values(ext).some((v) => typeof v !== 'string')) {
    throw new InputError(`${what}: write a JSON object of strings, such as {"city": "Paris"}`, field);
  }
  return ext;
}

function extText(ext) {
  return Object.keys(ext || {}).length ? JSON.stringify(ext, null, 2) : '';
}

function appId() {
  const text = $('app-id').value.trim();
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > MAX_APP_ID) {
    throw new InputError(`AppId: enter a number from 1 to ${MAX_APP_ID}`, 'app-id');
  }
  return n;
}

function tagChips(tags) {
  return (tags || []).map((t) => el('span', { class: 'tag', text: t }));
}

/** "1 user", "2 users". */
function count(n, noun) {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function sameList(a, b) {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

// ------------------------------------------------------------------------------------- sign-in, views

function onWait(seconds, action) {
  say('wait', `FlowLimitExceeded: waiting ${seconds} s (Retry-After) before calling ${action} again…`);
}

function start() {
  $('login-form').addEventListener('submit', (e) => {
    e.preventDefault();
    run(e.submitter, signIn);
  });
  $('sign-out').addEventListener('click', signOut);
  $('app-id').addEventListener('change', () => {
    sessionStorage.setItem(KEYS.app, $('app-id').value.trim());
    clearData();
    showView('users');
    run(null, () => searchUsers(false)); // the app's first page, with the filters as they are
  });
  document.querySelectorAll('.tabs button').forEach((b) => b.addEventListener('click', () => showView(b.dataset.view)));
  wireUsers();
  wireProfile();
  wireRegister();
  $('events-refresh').addEventListener('click', (e) => run(e.target, loadEvents));
  $('broadcasts-refresh').addEventListener('click', (e) => run(e.target, loadBroadcasts));

  if (!AUTH) {
    api = new Api({ credentials: null, region: REGION, onWait });
    showApp('Authentication is off on this server: calls are not signed, and every AppId is open.');
  } else if (!window.isSecureContext || !crypto.subtle) {
    // Browsers offer WebCrypto only to secure pages: HTTPS, or http://localhost and 127.0.0.1.
    showLogin();
    $('login-submit').disabled = true;
    say('error', 'This page cannot sign: browsers give WebCrypto only to secure pages. Open the console over'
      + ' HTTPS (serve --tls-cert/--tls-key) or on http://localhost.');
  } else if (sessionStorage.getItem(KEYS.ak) && sessionStorage.getItem(KEYS.sk)) {
    api = new Api({ credentials: storedCredentials(), region: REGION, onWait });
    showApp();
  } else {
    showLogin();
  }
}

function storedCredentials() {
  return { accessKeyId: sessionStorage.getItem(KEYS.ak), secretAccessKey: sessionStorage.getItem(KEYS.sk) };
}

function showLogin() {
  $('app').hidden = true;
  $('session').hidden = true;
  $('login').hidden = false;
  $('login-ak').focus();
}

async function signIn() {
  const credentials = { accessKeyId: $('login-ak').value.trim(), secretAccessKey: $('login-sk').value };
  const candidate = new Api({ credentials, region: REGION, onWait });
  // One signed read proves the key and secret; NoAuth means they are right but the key is scoped to other apps.
  const probeApp = Number(sessionStorage.getItem(KEYS.app)) || 1;
  try {
    await candidate.call('BatchGetUser', VOLCENGINE, { AppId: probeApp, UserIds: [1] });
  } catch (e) {
    if (!(e instanceof ApiError) || e.code !== 'NoAuth') {
      $('login-sk').value = '';
      $('login-sk').focus();
      throw e;
    }
  }
  sessionStorage.setItem(KEYS.ak, credentials.accessKeyId);
  sessionStorage.setItem(KEYS.sk, credentials.secretAccessKey);
  $('login-sk').value = '';
  api = candidate;
  showApp(`Signed in as ${credentials.accessKeyId}.`);
}

function signOut() {
  sessionStorage.clear();
  api?.close();
  api = null;
  clearData();
  $('app-id').value = '';
  say('info', 'Signed out: the secret is gone from this tab.');
  showLogin();
}

function showApp(note) {
  $('login').hidden = true;
  $('app').hidden = false;
  $('session').hidden = false;
  $('sign-out').hidden = !AUTH;
  $('who').textContent = AUTH ? `Key ${sessionStorage.getItem(KEYS.ak)}` : 'Authentication off';
  $('app-id').value = sessionStorage.getItem(KEYS.app) || '';
  if (note) say('info', note);
  showView('users');
  if (!$('app-id').value) $('app-id').focus();
}

function showView(name) {
  document.querySelectorAll('.tabs button').forEach((b) => {
    if (b.dataset.view === name) b.setAttribute('aria-current', 'page');
    else b.removeAttribute('aria-current');
  });
  document.querySelectorAll('.view').forEach((v) => { v.hidden = v.id !== `view-${name}`; });
  if (name !== 'users') $('profile').hidden = true;
  if (name === 'events') run(null, loadEvents);
  if (name === 'broadcasts') run(null, loadBroadcasts);
}

function clearData() {
  epoch++;
  listing++;
  shown.clear();
  search = null;
  profile = null;
  $('users-table').tBodies[0].replaceChildren();
  $('results').hidden = true;
  $('profile').hidden = true;
  $('events-table').tBodies[0].replaceChildren();
  $('broadcasts-table').tBodies[0].replaceChildren();
  $('audience').hidden = true;
}

// ------------------------------------------------------------------------------------------- users

function wireUsers() {
  $('lookup-form').addEventListener('submit', (e) => {
    e.preventDefault();
    run(e.submitter, lookUp);
  });
  $('search-form').addEventListener('submit', (e) => {
    e.preventDefault();
    run(e.submitter, () => searchUsers(false));
  });
  $('next-page').addEventListener('click', (e) => run(e.target, () => searchUsers(true)));
  $('select-all').addEventListener('change', (e) => {
    for (const row of shown.values()) row.querySelector('input[type=checkbox]').checked = e.target.checked;
    countSelected();
  });
  $('bulk-form').addEventListener('submit', (e) => {
    e.preventDefault();
    run(e.submitter, () => changeTags(Number(e.submitter.dataset.op)));
  });
  $('bulk-unregister').addEventListener('click', (e) => run(e.target, () => unregister(selectedIds())));
}

async function lookUp() {
  const app = appId();
  const ids = parseIds('lookup-ids', 'UserIds');
  const token = ++listing;
  const result = await api.call('BatchGetUser', VOLCENGINE, { AppId: app, UserIds: ids.map(jsonId) });
  if (token !== listing) return;
  search = null;
  showUsers(result.Users, false, `${result.Users.length} of ${ids.length} found`);
  const missing = result.NotFoundUsers.map(String);
  say(missing.length ? 'error' : 'info', missing.length
    ? `Not registered in AppId ${app}: ${missing.join(', ')}`
    : `Found ${count(result.Users.length, 'user')}.`);
  if (result.Users.length === 1 && ids.length === 1) openProfile(result.Users[0], app);
}

/** A first page with the filters of the form, or the next page of the search shown. */
async function searchUsers(next) {
  const token = ++listing;
  let query = search;
  if (!next) {
    const tags = parseTagList($('search-tags').value);
    const body = { AppId: appId(), Limit: Number($('search-limit').value) };
    if (tags.length) {
      body.Tags = tags;
      body.TagMatch = document.querySelector('input[name=match]:checked').value;
    }
    if ($('search-prefix').value) body.NickNamePrefix = $('search-prefix').value;
    if ($('search-total').checked) body.WithTotal = true;
    query = { body, next: null, count: 0, total: null };
  }
  const result = await api.call('ListUsers', ROSTER, next ? { ...query.body, Cursor: query.next, WithTotal: undefined }
    : query.body);
  if (token !== listing) return;
  search = { ...query, next: result.NextCursor || null, count: query.count + result.Users.length,
    total: result.Total ?? query.total };
  const note = `${search.count} shown` + (search.total != null ? ` of ${search.total} matching` : '')
    + (search.next ? '; more follow' : '');
  showUsers(result.Users, next, note);
  say('info', `ListUsers: ${note}.`);
}

function showUsers(users, append, note) {
  const body = $('users-table').tBodies[0];
  if (!append) {
    body.replaceChildren();
    shown.clear();
    $('select-all').checked = false;
  }
  for (const user of users) {
    const row = userRow(user);
    const old = shown.get(String(user.UserId));
    if (old) old.replaceWith(row);
    else body.append(row);
    shown.set(String(user.UserId), row);
  }
  $('results').hidden = false;
  $('results-note').textContent = note;
  $('next-page').hidden = !(search && search.next);
  countSelected();
}

function userRow(user, status) {
  const id = String(user.UserId);
  const box = el('input', { type: 'checkbox', 'aria-label': `Select user ${id}` });
  box.addEventListener('change', countSelected);
  box.addEventListener('click', (e) => e.stopPropagation());
  const open = el('button', { type: 'button', class: 'link', text: id, 'aria-label': `Open user ${id}` });
  const row = el('tr', { 'data-testid': 'user-row', 'data-user-id': id },
    cell('Select', {}, box),
    cell('UserId', {}, open),
    cell('NickName', { text: user.NickName }),
    cell('Tags', {}, ...tagChips(user.Tags)),
    cell('Version', { text: String(user.Version) }),
    cell('Modified', { text: time(user.ModifyTime) }),
    cell('Status', { class: 'status', 'data-testid': 'user-status' }));
  row.addEventListener('click', () => run(null, () => openProfileById(id)));
  if (status) setStatus(row, status.kind, status.text);
  return row;
}

function setStatus(row, kind, text) {
  const cell = row.querySelector('td.status');
  cell.className = `status ${kind}`;
  cell.textContent = text;
}

function selectedIds() {
  return [...shown.entries()].filter(([, row]) => row.querySelector('input[type=checkbox]').checked).map(([id]) => id);
}

function countSelected() {
  $('selected-count').textContent = String(selectedIds().length);
}

/** What a batch did: an error when some users were refused (each says why in its row). */
function sayOutcome(done, refused) {
  say(refused ? 'error' : 'info', done + (refused ? `; ${refused} refused (see Status)` : '') + '.');
}

/** Marks each user's row with its FailedInfo, or as done; answers the ids that were not refused. */
function markOutcome(ids, failedInfos, doneText) {
  const failed = new Map((failedInfos || []).map((f) => [String(f.UserId), f]));
  for (const id of ids) {
    const row = shown.get(id);
    const f = failed.get(id);
    if (row) setStatus(row, f ? 'failed' : 'done', f ? `${f.Code}: ${f.Message}` : doneText);
  }
  return ids.filter((id) => !failed.has(id));
}

async function changeTags(op) {
  const app = appId();
  const era = epoch;
  const ids = selectedIds();
  if (!ids.length) throw new InputError('Select users first (the boxes in the first column)');
  const tags = parseTagList($('bulk-tags').value);
  if (!tags.length) throw new InputError('Tags: enter the tags to add or remove', 'bulk-tags');
  const result = await api.call('BatchUpdateUserTags', VOLCENGINE,
    { AppId: app, UserIds: ids.map(jsonId), Tags: tags, Op: op });
  if (era !== epoch) return;
  const verb = op === 0 ? 'added' : 'removed';
  const done = markOutcome(ids, result.FailedInfos, `tags ${verb}`);
  await refreshRows(app, era, done, `tags ${verb}`);
  sayOutcome(`Tags ${verb} for ${count(done.length, 'user')}`, ids.length - done.length);
}

/** Reads the users again and redraws their rows (keeping the status text) and their open profile. */
async function refreshRows(app, era, ids, status) {
  if (!ids.length) return;
  const result = await api.call('BatchGetUser', VOLCENGINE, { AppId: app, UserIds: ids.map(jsonId) });
  if (era !== epoch) return;
  for (const user of result.Users) {
    const id = String(user.UserId);
    const old = shown.get(id);
    if (old) {
      const row = userRow(user, { kind: 'done', text: status });
      row.querySelector('input[type=checkbox]').checked = old.querySelector('input[type=checkbox]').checked;
      old.replaceWith(row);
      shown.set(id, row);
    }
    // An open profile follows, unless it holds edits: those meet a VersionConflict and are reapplied.
    if (profile && String(profile.user.UserId) === id && !formIsEdited()) openProfile(user, app, false);
  }
}

function confirmDialog(text) {
  const dialog = $('confirm');
  $('confirm-text').textContent = text;
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
    dialog.returnValue = '';
    dialog.showModal();
  });
}

async function unregister(ids, app = appId()) {
  const era = epoch;
  if (!ids.length) throw new InputError('Select users first (the boxes in the first column)');
  const list = ids.length > 10 ? `${ids.slice(0, 10).join(', ')} and ${ids.length - 10} more` : ids.join(', ');
  if (!await confirmDialog(`Unregister ${count(ids.length, 'user')} of AppId ${app} (${list})? `
    + 'Their profiles are removed; registering them again starts afresh.')) {
    say('info', 'Nothing unregistered.');
    return;
  }
  const result = await api.call('UnRegisterUsers', VOLCENGINE, { AppId: app, UserIds: ids.map(jsonId) });
  if (era !== epoch) return;
  const done = markOutcome(ids, result.FailedInfos, 'unregistered');
  for (const id of done) {
    shown.get(id)?.remove();
    shown.delete(id);
  }
  if (profile && done.includes(String(profile.user.UserId))) {
    $('profile').hidden = true;
    profile = null;
    $('lookup-ids').focus();
  }
  countSelected();
  sayOutcome(`Unregistered ${count(done.length, 'user')}`, ids.length - done.length);
}

// ----------------------------------------------------------------------------------------- profile

function wireProfile() {
  $('profile-form').addEventListener('submit', (e) => {
    e.preventDefault();
    run(e.submitter, save);
  });
  $('profile-close').addEventListener('click', () => {
    const id = String(profile.user.UserId);
    $('profile').hidden = true;
    profile = null;
    shown.get(id)?.querySelector('button.link')?.focus();
  });
  $('profile-unregister').addEventListener('click', (e) => run(e.target,
    () => unregister([String(profile.user.UserId)], profile.app)));
  $('reapply').addEventListener('click', (e) => run(e.target, async () => {
    // The edits made over the Version first opened, now over the stored one: nothing else of it changes.
    const mine = profile.conflict.edits;
    openProfile(profile.conflict.stored, profile.app, false);
    fillEditable(applyEdits(profile.user, mine));
    await save();
  }));
  $('discard').addEventListener('click', () => {
    openProfile(profile.conflict.stored, profile.app);
    say('info', 'The form now holds the stored profile.');
  });
}

async function openProfileById(id) {
  const app = appId();
  const era = epoch;
  const result = await api.call('BatchGetUser', VOLCENGINE, { AppId: app, UserIds: [jsonId(id)] });
  if (era !== epoch) return;
  if (!result.Users.length) throw new InputError(`User ${id} is not registered in AppId ${app}`);
  openProfile(result.Users[0], app);
}

function showFacts(user) {
  $('profile-id').textContent = String(user.UserId);
  $('profile-version').textContent = String(user.Version);
  $('profile-created').textContent = time(user.CreateTime);
  $('profile-modified').textContent = time(user.ModifyTime);
  $('profile-robot').textContent = user.IsRobot ? 'yes' : 'no';
}

/** The editable fields as the form writes them. */
function fillEditable(user) {
  $('profile-nickname').value = user.NickName;
  $('profile-portrait').value = user.Portrait;
  $('profile-tags').value = user.Tags.join('\n');
  $('profile-ext').value = extText(user.Ext);
}

/** Shows a profile of AppId app; the form's edits are measured from it. */
function openProfile(user, app, focus = true) {
  fillEditable(user);
  profile = { user, app, tags: $('profile-tags').value, ext: $('profile-ext').value, conflict: null };
  showFacts(user);
  $('conflict').hidden = true;
  $('profile').hidden = false;
  if (focus) $('profile').focus();
}

/**
 * What the person changed in the form, over the profile it was filled from: the fields changed, Tags and
 * Ext only if their text was edited, Ext as the keys set and the keys removed ("").
 */
function profileEdits() {
  const base = profile.user;
  const edits = {};
  if ($('profile-nickname').value !== base.NickName) edits.NickName = $('profile-nickname').value;
  if ($('profile-portrait').value !== base.Portrait) edits.Portrait = $('profile-portrait').value;
  if ($('profile-tags').value !== profile.tags) {
    const tags = parseTagLines($('profile-tags').value);
    if (!sameList(tags, base.Tags)) edits.Tags = tags;
  }
  if ($('profile-ext').value !== profile.ext) {
    const ext = parseExt('profile-ext', 'Ext');
    const changed = {};
    for (const [k, v] of Object.entries(ext)) if (base.Ext[k] !== v) changed[k] = v;
    for (const k of Object.keys(base.Ext)) if (!(k in ext)) changed[k] = '';
    if (Object.keys(changed).length) edits.Ext = changed;
  }
  return edits;
}

function hasEdits(edits) {
  return Object.keys(edits).length > 0;
}

function formIsEdited() {
  try {
    return hasEdits(profileEdits());
  } catch {
    return true; // an Ext that does not parse is an edit too
  }
}

/** A profile with the edits applied as BatchUpdateUser applies them (Ext merged, "" removing a key). */
function applyEdits(user, edits) {
  const ext = { ...user.Ext, ...(edits.Ext || {}) };
  for (const [k, v] of Object.entries(ext)) if (v === '') delete ext[k];
  return { ...user, ...edits, Ext: ext };
}

/** The call that stores the edits over profile.user, guarded by its Version. */
function profileCall(edits) {
  const base = profile.user;
  const id = jsonId(base.UserId);
  // BatchUpdateUser keeps a NickName or Portrait sent as "": clearing one takes RegisterUsers, which
  // replaces the whole profile, under the same IfVersion.
  if (edits.NickName === '' || edits.Portrait === '') {
    const { NickName, Portrait, Tags, Ext, IsRobot } = applyEdits(base, edits);
    return { action: 'RegisterUsers', user: { UserId: id, NickName, Portrait, Tags, Ext, IsRobot, IfVersion: base.Version } };
  }
  return { action: 'BatchUpdateUser', user: { UserId: id, IfVersion: base.Version, ...edits } };
}

async function save() {
  const { app } = profile;
  const era = epoch;
  const edits = profileEdits();
  if (!hasEdits(edits)) {
    say('info', 'Nothing changed: nothing to save.');
    return;
  }
  const call = profileCall(edits);
  const id = String(profile.user.UserId);
  const result = await api.call(call.action, VOLCENGINE, { AppId: app, Users: [call.user] });
  const failure = (result.FailedInfos || []).find((f) => String(f.UserId) === id);
  const stored = await api.call('BatchGetUser', VOLCENGINE, { AppId: app, UserIds: [jsonId(id)] });
  if (era !== epoch || !profile || String(profile.user.UserId) !== id) return;
  const now = stored.Users[0];
  if (failure) {
    if (failure.Code === 'VersionConflict' && now) {
      profile.conflict = { stored: now, edits };
      $('conflict-newer').replaceChildren(
        el('dt', { text: 'Version' }), el('dd', { text: String(now.Version) }),
        el('dt', { text: 'NickName' }), el('dd', { text: now.NickName }),
        el('dt', { text: 'Portrait' }), el('dd', { text: now.Portrait }),
        el('dt', { text: 'Tags' }), el('dd', {}, ...tagChips(now.Tags)),
        el('dt', { text: 'Ext' }), el('dd', { text: JSON.stringify(now.Ext) }),
        el('dt', { text: 'Modified' }), el('dd', { text: time(now.ModifyTime) }));
      $('conflict').hidden = false;
    }
    const row = shown.get(id);
    if (row) setStatus(row, 'failed', `${failure.Code}: ${failure.Message}`);
    say('error', `${failure.Code}: ${failure.Message}`);
    return;
  }
  if (!now) throw new InputError(`User ${id} is no longer registered`);
  openProfile(now, app, false);
  if (shown.has(id)) showUsers([now], true, $('results-note').textContent);
  say('info', `Saved user ${id}: now at Version ${now.Version}.`);
}

// ---------------------------------------------------------------------------------------- register

function wireRegister() {
  $('register-form').addEventListener('submit', (e) => {
    e.preventDefault();
    run(e.submitter, register);
  });
}

async function register() {
  const app = appId();
  const era = epoch;
  const [id] = parseIds('register-id', 'UserId');
  const user = {
    UserId: jsonId(id),
    NickName: $('register-nickname').value,
    Portrait: $('register-portrait').value,
    Tags: parseTagList($('register-tags').value),
    Ext: parseExt('register-ext', 'Ext'),
    IfVersion: 0,
  };
  const result = await api.call('RegisterUsers', VOLCENGINE, { AppId: app, Users: [user] });
  if (era !== epoch) return;
  const failure = (result.FailedInfos || [])[0];
  if (failure) {
    say('error', failure.Code === 'VersionConflict'
      ? `User ${id} is already registered: nothing changed (${failure.Code}: ${failure.Message})`
      : `${failure.Code}: ${failure.Message}`);
    return;
  }
  $('register-form').reset();
  showView('users');
  const stored = await api.call('BatchGetUser', VOLCENGINE, { AppId: app, UserIds: [jsonId(id)] });
  if (era !== epoch) return;
  search = null;
  listing++;
  showUsers(stored.Users, false, 'just registered');
  if (stored.Users.length) openProfile(stored.Users[0], app);
  say('info', `Registered user ${id} in AppId ${app}.`);
}

// ------------------------------------------------------------------------------- events, broadcasts

function changeText(event) {
  if (event.Broadcast) {
    const b = event.Broadcast;
    return `broadcast ${b.BroadcastId} to ${b.TagOp === 1 ? 'all' : 'any'} of [${b.Tags.join(', ')}]`
      + (b.AudienceSize != null ? `: ${b.AudienceSize} recipients` : '');
  }
  if (!event.Before) return `registered as ${JSON.stringify(event.After?.NickName ?? '')}`;
  if (!event.After) return 'unregistered';
  const parts = [];
  for (const field of ['NickName', 'Portrait', 'Tags', 'Ext', 'IsRobot']) {
    const before = JSON.stringify(event.Before[field] ?? null);
    const after = JSON.stringify(event.After[field] ?? null);
    if (before !== after) parts.push(`${field}: ${before} → ${after}`);
  }
  return parts.join('; ') || 'no field changed';
}

async function loadEvents() {
  const app = appId();
  const era = epoch;
  const result = await api.call('ListUserEvents', ROSTER, { AppId: app, Newest: true, Limit: 100 });
  if (era !== epoch) return;
  $('events-table').tBodies[0].replaceChildren(...result.Events.map((e) => el('tr', { 'data-testid': 'event-row' },
    cell('Time', { text: time(e.Time) }),
    cell('Type', { text: e.Type }),
    cell('UserId', { text: e.UserId != null ? String(e.UserId) : '' }),
    cell('Change', { text: changeText(e) }),
    cell('Sequence', { text: String(e.Sequence) }))));
  say('info', `${count(result.Events.length, 'most recent change')} of AppId ${app}, newest first.`);
}

async function loadBroadcasts() {
  const app = appId();
  const era = epoch;
  const result = await api.call('ListBroadcasts', ROSTER, { AppId: app, Limit: 100 });
  if (era !== epoch) return;
  $('audience').hidden = true;
  $('broadcasts-table').tBodies[0].replaceChildren(...result.Broadcasts.map((b) => {
    const open = el('button', { type: 'button', class: 'link', text: b.BroadcastId,
      'aria-label': `Show the audience of ${b.BroadcastId}` });
    open.addEventListener('click', (e) => run(e.target, () => loadAudience(app, b.BroadcastId)));
    return el('tr', { 'data-testid': 'broadcast-row' },
      cell('Time', { text: time(b.CreateTime) }),
      cell('BroadcastId', {}, open),
      cell('Status', { text: b.Status }),
      cell('Tags', { text: `${b.TagOp === 1 ? 'all' : 'any'} of ${b.Tags.join(', ') || '(every user)'}` }),
      cell('Audience', { text: b.AudienceSize != null ? String(b.AudienceSize) : '' }),
      cell('Content', { text: b.Content.length > 80 ? b.Content.slice(0, 80) + '…' : b.Content }));
  }));
  say('info', `${count(result.Broadcasts.length, 'broadcast')} of AppId ${app}, newest first.`);
}

async function loadAudience(app, broadcastId) {
  const era = epoch;
  const result = await api.call('ListBroadcastRecipients', ROSTER, { AppId: app, BroadcastId: broadcastId, Limit: 1000 });
  if (era !== epoch) return;
  $('audience-title').textContent = `Audience of ${broadcastId}` + (result.NextCursor ? ' (first 1,000)' : '');
  $('audience-ids').textContent = result.UserIds.map(String).join(', ') || '(nobody)';
  $('audience').hidden = false;
  say('info', `${count(result.UserIds.length, 'recipient')} shown.`);
}

start();
