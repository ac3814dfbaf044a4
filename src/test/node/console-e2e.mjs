// Drives Roster's web console in Debian's Chromium (headless) with playwright-core, for ConsoleBrowserTest.
// Reads a JSON spec on stdin: {url, mode: "signed"|"open", region, app, otherApp, key, root, shots}, where
// key and root are {accessKeyId, secretAccessKey} (signed mode). Prints "ok <step>" or "not ok <step>: why"
// per step, never a secret, and exits 1 if any step failed. Checks what the page shows and, through direct
// calls signed with the console's own signer, what the server stored.

import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { signRequest } from '../../main/resources/console/signer.js';

const spec = JSON.parse(readFileSync(0, 'utf8'));
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const WAIT = 15_000;
mkdirSync(spec.shots, { recursive: true });
let failed = false;

async function step(name, work) {
  try {
    await work();
    console.log(`ok ${name}`);
  } catch (e) {
    failed = true;
    const shown = await page.getByTestId('message').textContent({ timeout: 1000 }).catch(() => '?');
    console.log(`not ok ${name}: ${String(e.message).split('\n').slice(0, 4).join(' | ')} | the page said: ${shown}`);
  }
}

/** One call to the API beside the browser: with the root key in signed mode, unsigned in open mode. */
async function api(action, version, body) {
  const text = JSON.stringify(body).replaceAll(`"${BIG}"`, '9223372036854775807');
  const query = { Action: action, Version: version };
  const headers = spec.mode === 'signed'
    ? await signRequest({ ...spec.root, region: spec.region, host: new URL(spec.url).host, query, body: text })
    : { 'Content-Type': 'application/json' };
  const response = await fetch(`${spec.url}/?${new URLSearchParams(query)}`, { method: 'POST', headers, body: text });
  const envelope = await response.json();
  if (envelope.ResponseMetadata.Error) throw new Error(JSON.stringify(envelope.ResponseMetadata.Error));
  return envelope.Result;
}
/** 2^63-1 in a request body, exact: Node 20's JSON has no rawJSON, so api() writes this token as the number. */
const BIG = '@2^63-1@';
const getUser = async (id) => (await api('BatchGetUser', '2020-12-01', { AppId: spec.app, UserIds: [id] })).Users[0];

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--host-resolver-rules=MAP roster.test 127.0.0.1'],
});
const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: 'Asia/Shanghai' });
context.setDefaultTimeout(WAIT);
const page = await context.newPage();
const violations = [];
const requests = [];
page.on('console', (m) => { if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text()); });
page.on('pageerror', (e) => violations.push(`page error: ${e.message}`));
page.on('request', (r) => requests.push({ url: r.url(), headers: r.headers(), body: r.postData() || '' }));

const message = page.getByTestId('message');
const rows = page.getByTestId('user-row');
const shownIds = async () => (await rows.evaluateAll((trs) => trs.map((tr) => tr.dataset.userId))).sort();
const say = async (pattern) => message.filter({ hasText: pattern }).waitFor();
const shot = (name) => page.screenshot({ path: `${spec.shots}/${name}.png`, fullPage: true });
const pickApp = async (app) => {
  await page.getByTestId('app-id').fill(String(app));
  await page.getByTestId('app-id').dispatchEvent('change');
};
const lookUp = async (ids) => {
  await page.getByTestId('lookup-ids').fill(ids);
  await page.getByTestId('lookup-submit').click();
};
const view = (name) => page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name });

await page.goto(`${spec.url}/console/`);

if (spec.mode === 'signed') {
  await step('a page that is not secure says it cannot sign', async () => {
    // http:// on a name other than localhost: no WebCrypto in the browser.
    const insecure = await context.newPage();
    await insecure.goto(`http://roster.test:${new URL(spec.url).port}/console/`);
    await insecure.getByTestId('message').filter({ hasText: 'This page cannot sign' }).waitFor();
    assert.ok(await insecure.getByTestId('login-submit').isDisabled());
    await insecure.close();
  });

  await step('a wrong secret shows the API error and keeps the sign-in', async () => {
    await page.getByTestId('login-ak').fill(spec.key.accessKeyId);
    await page.getByTestId('login-sk').fill('not-the-secret-0000');
    await page.getByTestId('login-submit').click();
    await say('SignatureDoesNotMatch');
    assert.ok(await page.getByTestId('login-submit').isVisible());
    assert.equal(await page.getByTestId('app-id').isVisible(), false);
    await shot('sign-in-error');
  });

  await step('sign in with a scoped key', async () => {
    await page.getByTestId('login-ak').fill(spec.key.accessKeyId);
    await page.getByTestId('login-sk').fill(spec.key.secretAccessKey);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('app-id').waitFor();
    await say(`Signed in as ${spec.key.accessKeyId}`);
    const kept = await page.evaluate(() => Object.values(sessionStorage));
    assert.ok(kept.includes(spec.key.secretAccessKey), 'the secret is kept in session storage');
  });

  await step("another app's data is NoAuth, shown plainly", async () => {
    await pickApp(spec.otherApp);
    await lookUp('1');
    await say('NoAuth');
    assert.equal(await rows.count(), 0);
  });
} else {
  await step('with auth off no sign-in is asked', async () => {
    await page.getByTestId('app-id').waitFor();
    assert.equal(await page.getByTestId('login-submit').isVisible(), false);
    await say('Authentication is off');
    assert.equal((await page.evaluate(() => Object.keys(sessionStorage))).length, 0);
  });
}

await step('look up users by id', async () => {
  await pickApp(spec.app);
  await lookUp('1, 2 3,999');
  await say('Not registered in AppId');
  await say('999');
  assert.deepEqual(await shownIds(), ['1', '2', '3']);
  await shot('users');
});

await step('search by tag, all and any, with paging', async () => {
  await page.getByTestId('search-tags').fill('vip');
  await page.getByTestId('search-submit').click();
  await say('ListUsers: 3 shown');
  assert.deepEqual(await shownIds(), ['1', '3', '5']);
  await page.getByTestId('search-tags').fill('vip, beta');
  await page.getByTestId('search-any').check();
  await page.getByTestId('search-submit').click();
  await say('ListUsers: 4 shown');
  assert.deepEqual(await shownIds(), ['1', '3', '4', '5']);
  await page.getByTestId('search-tags').fill('');
  await page.getByLabel('Page size').selectOption('20');
  await page.getByTestId('search-prefix').fill('PLAYER');
  await page.getByTestId('search-submit').click();
  await say('ListUsers: 20 shown; more follow');
  await page.getByTestId('next-page').click();
  await say('ListUsers: 25 shown');
  assert.equal((await shownIds()).length, 25);
  assert.equal(await page.getByTestId('next-page').isVisible(), false);
});

await step('open a profile with the keyboard, edit and save with IfVersion', async () => {
  await page.getByTestId('lookup-ids').fill('');
  await page.getByTestId('lookup-ids').focus();
  await page.keyboard.type('1 3');
  await page.keyboard.press('Enter'); // submits the lookup
  await say('Found 2 users');
  const row = rows.and(page.locator('[data-user-id="1"]'));
  await row.getByRole('button', { name: 'Open user 1' }).focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('profile-nickname').waitFor();
  const before = await getUser(1);
  assert.equal(await page.getByTestId('profile-version').textContent(), String(before.Version));
  assert.match(await page.locator('#profile-modified').textContent(), /Asia\/Shanghai/);
  await page.getByTestId('profile-nickname').fill('Edited in the console');
  await page.getByTestId('profile-tags').fill('vip\nedited');
  await page.getByTestId('profile-ext').fill('{"city": "Paris", "lang": "fr"}');
  await page.getByTestId('profile-save').click();
  await say(`now at Version ${before.Version + 1}`);
  assert.equal(await page.getByTestId('profile-version').textContent(), String(before.Version + 1));
  const after = await getUser(1);
  assert.equal(after.NickName, 'Edited in the console');
  assert.deepEqual(after.Tags, ['vip', 'edited']);
  assert.deepEqual(after.Ext, { city: 'Paris', lang: 'fr' });
  await shot('profile');
});

await step('a VersionConflict shows the newer profile and reapplies', async () => {
  await rows.and(page.locator('[data-user-id="1"]')).click();
  await page.getByTestId('profile-nickname').waitFor();
  const opened = await getUser(1);
  // Someone else changes the NickName and the Tags; this page changes the NickName only.
  await api('BatchUpdateUser', '2020-12-01', { AppId: spec.app,
    Users: [{ UserId: 1, NickName: 'Changed elsewhere', Tags: [...opened.Tags, 'elsewhere'] }] });
  await page.getByTestId('profile-nickname').fill('Mine after all');
  await page.getByTestId('profile-save').click();
  await say('VersionConflict');
  await say(`user is at Version ${opened.Version + 1}; IfVersion was ${opened.Version}`);
  await page.getByTestId('conflict-newer').filter({ hasText: 'Changed elsewhere' }).waitFor();
  assert.equal((await getUser(1)).NickName, 'Changed elsewhere');
  await shot('conflict');
  await page.getByTestId('reapply').click();
  await say(`now at Version ${opened.Version + 2}`);
  const after = await getUser(1);
  assert.equal(after.NickName, 'Mine after all');
  assert.deepEqual(after.Tags, [...opened.Tags, 'elsewhere'], 'the other change is kept');
  assert.deepEqual(after.Ext, opened.Ext);
});

await step('a 64-bit UserId, tags with spaces and an odd Ext survive an edit', async () => {
  const id = '9223372036854775807';
  await lookUp('0');
  await say('"0" is not a UserId');
  assert.equal(await page.getByTestId('lookup-ids').getAttribute('aria-invalid'), 'true');
  assert.ok(await page.getByTestId('lookup-ids').evaluate((input) => input === document.activeElement));
  await lookUp(id);
  await page.getByTestId('profile-nickname').waitFor();
  assert.deepEqual(await shownIds(), [id]);
  assert.equal(await page.locator('#profile-id').textContent(), id);
  await page.getByTestId('profile-nickname').fill('Big');
  await page.getByTestId('profile-save').click();
  await say(`Saved user ${id}`);
  const stored = (await api('BatchGetUser', '2020-12-01', { AppId: spec.app, UserIds: [BIG] })).Users[0];
  assert.equal(stored.NickName, 'Big');
  assert.deepEqual(stored.Tags, ['gold member', 'a,b']);
  assert.deepEqual(stored.Ext, { 'a=b': 'x\ny', ' k ': 'v' });
});

await step('register a user, and not over one already there', async () => {
  await view('Register').click();
  await page.getByTestId('register-id').fill('42');
  await page.getByTestId('register-nickname').fill('Newcomer');
  await page.getByTestId('register-tags').fill('fresh');
  await page.getByTestId('register-submit').click();
  await say('Registered user 42');
  assert.equal(await page.getByTestId('profile-version').textContent(), '1');
  const stored = await getUser(42);
  assert.equal(stored.NickName, 'Newcomer');
  assert.deepEqual(stored.Tags, ['fresh']);
  await view('Register').click();
  await page.getByTestId('register-id').fill('42');
  await page.getByTestId('register-nickname').fill('Overwrite?');
  await page.getByTestId('register-submit').click();
  await say('User 42 is already registered');
  assert.equal((await getUser(42)).NickName, 'Newcomer');
});

await step('add and remove tags for a selection, failures next to their user', async () => {
  await view('Users').click();
  await lookUp('2 3 42');
  await api('UnRegisterUsers', '2020-12-01', { AppId: spec.app, UserIds: [42] });
  for (const id of ['2', '3', '42']) await page.getByLabel(`Select user ${id}`).check();
  await page.getByTestId('bulk-tags').fill('bulk');
  await page.getByTestId('bulk-add').click();
  await say('Tags added for 2 users; 1 refused');
  await rows.and(page.locator('[data-user-id="42"]')).getByTestId('user-status')
    .filter({ hasText: 'UserNotFound' }).waitFor();
  assert.ok((await getUser(2)).Tags.includes('bulk'));
  assert.ok((await getUser(3)).Tags.includes('bulk'));
  await page.getByLabel('Select user 42').uncheck();
  await page.getByTestId('bulk-remove').click();
  await say('Tags removed for 2 users.');
  assert.ok(!(await getUser(2)).Tags.includes('bulk'));
});

await step('unregister after a confirmation', async () => {
  await lookUp('2 3');
  await page.getByLabel('Select user 2').check();
  await page.getByTestId('bulk-unregister').click();
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
  await say('Nothing unregistered');
  assert.ok(await getUser(2));
  await page.getByTestId('bulk-unregister').click();
  await page.getByRole('dialog').filter({ hasText: 'Unregister 1 user of AppId' }).waitFor();
  await page.getByTestId('confirm-ok').click();
  await say('Unregistered 1 user.');
  assert.deepEqual(await shownIds(), ['3']);
  assert.equal(await getUser(2), undefined);
});

await step('recent changes, newest first', async () => {
  await view('Events').click();
  await say('most recent changes of AppId');
  const events = page.getByTestId('event-row');
  assert.ok(await events.count() >= 10, `${await events.count()} events`);
  const first = await events.first().locator('td').allTextContents();
  assert.equal(first[1], 'user.unregistered');
  assert.equal(first[2], '2');
  const sequences = (await events.evaluateAll((trs) => trs.map((tr) => Number(tr.cells[4].textContent))));
  assert.deepEqual(sequences, [...sequences].sort((a, b) => b - a));
  await shot('events');
});

if (spec.mode === 'signed') {
  await step('FlowLimitExceeded is waited out (Retry-After)', async () => {
    // The server allows ListUserEvents once a second: the page has just read them.
    await page.locator('#events-refresh').click();
    await say('FlowLimitExceeded: waiting');
    await say('most recent changes of AppId');
  });
}

await step('broadcasts and their audiences', async () => {
  await api('UserBroadcast', '2020-12-01', { AppId: spec.app, InboxType: 1, Sender: 1, MsgTTL: 3600, MsgType: 1,
    Content: 'hello vips', TagOp: 0, Tags: ['vip'], Ext: {} });
  await view('Broadcasts').click();
  const row = page.getByTestId('broadcast-row').first();
  await row.waitFor();
  for (let i = 0; i < 50 && !/ready/.test(await row.textContent()); i++) {
    await page.waitForTimeout(200);
    await page.locator('#broadcasts-refresh').click();
    await say('broadcast');
  }
  await row.getByRole('button').click();
  await say('recipients shown');
  assert.match(await page.locator('#audience-ids').textContent(), /^1, 3, 5$/);
});

await step('usable on a phone, in dark mode, every control labelled', async () => {
  await view('Users').click();
  await lookUp('1 3');
  const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input, select, textarea')]
    .filter((c) => c.type !== 'hidden' && !c.labels?.length && !c.getAttribute('aria-label')).map((c) => c.id));
  assert.deepEqual(unlabelled, []);
  await page.emulateMedia({ colorScheme: 'dark' });
  const dark = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await shot('users-dark');
  await page.emulateMedia({ colorScheme: 'light' });
  assert.notEqual(dark, await page.evaluate(() => getComputedStyle(document.body).backgroundColor));
  const fits = async (what, width) => {
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${what} is ${overflow} px wider than a ${width} px screen`);
  };
  for (const width of [360, 320]) { // a phone; 1280 px at 400% zoom
    await page.setViewportSize({ width, height: 740 });
    await fits('the Users view', width);
  }
  await shot('users-phone');
  await rows.first().click();
  await page.getByTestId('profile-nickname').waitFor();
  await fits('a profile', 320);
  await view('Events').click();
  await say('most recent changes');
  await fits('the Events view', 320);
  await shot('events-phone');
  await view('Users').click();
  await page.setViewportSize({ width: 1280, height: 900 });
});

if (spec.mode === 'signed') {
  await step('the secret was never sent, and sign-out forgets it', async () => {
    const leaks = requests.filter((r) => JSON.stringify(r).includes(spec.key.secretAccessKey));
    assert.deepEqual(leaks.map((r) => r.url), []);
    assert.ok(requests.some((r) => /HMAC-SHA256 Credential=/.test(r.headers.authorization || '')));
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByTestId('login-submit').waitFor();
    assert.deepEqual(await page.evaluate(() => Object.keys(sessionStorage)), []);
  });
}

await step('no Content-Security-Policy violation and no script error', async () => {
  assert.deepEqual(violations, []);
});

await browser.close();
process.exit(failed ? 1 : 0);
