'use strict';
// A webhook receiver for the tests: verifies every delivery with the Standard Webhooks library itself
// and answers as the current plan says, so that the tests can make deliveries fail on purpose.
//   WEBHOOK_SECRET=whsec_... node webhook-receiver.js   prints {"port":N} once it listens on 127.0.0.1.
//   POST /control {"failFirst":k} | {"failIds":{"<id>":k}} | {"failAll":bool} | {"delayMs":n}  (merged into the plan)
//   GET /attempts   every recorded attempt, in arrival order
//   POST /reset     forgets the attempts and the plan
//   anything else   a delivery: 400 unless the signature verifies, else 500 or 200 as planned
// It exits on SIGTERM and when its stdin closes (so it dies with the JVM that started it): run it by hand as
//   sleep infinity | WEBHOOK_SECRET=whsec_... node webhook-receiver.js
const http = require('http');
const { Webhook } = require('standardwebhooks');

const secret = process.env.WEBHOOK_SECRET;
if (!secret) {
  console.error('webhook-receiver: WEBHOOK_SECRET (whsec_...) is required');
  process.exit(2);
}
const webhook = new Webhook(secret);

let plan = {};
let attempts = [];
let seen = new Map(); // webhook-id -> verified attempts so far

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function answer(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(body === undefined ? '' : JSON.stringify(body));
}

function plannedStatus(id, attempt) {
  if (plan.failAll) return 500;
  const failures = plan.failIds && id in plan.failIds ? plan.failIds[id] : plan.failFirst || 0;
  return attempt <= failures ? 500 : 200;
}

async function deliver(req, res, rawBody) {
  const receivedAt = Date.now();
  const id = req.headers['webhook-id'] ?? null;
  let status;
  try {
    const payload = webhook.verify(rawBody, req.headers);
    const attempt = (seen.get(id) || 0) + 1;
    seen.set(id, attempt);
    status = plannedStatus(id, attempt);
    attempts.push({ id, attempt, status, verified: true, receivedAt, payload });
  } catch (e) {
    status = 400;
    attempts.push({ id, status, verified: false, receivedAt, error: String(e.message || e) });
  }
  if (plan.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, plan.delayMs));
  answer(res, status, status === 400 ? { error: attempts[attempts.length - 1].error } : undefined);
}

async function handle(req, res) {
  const rawBody = await readBody(req);
  const route = `${req.method} ${req.url.split('?')[0]}`;
  if (route === 'GET /attempts') return answer(res, 200, attempts);
  if (route === 'POST /reset') {
    plan = {};
    attempts = [];
    seen = new Map();
    return answer(res, 200, plan);
  }
  if (route === 'POST /control') {
    let change;
    try {
      change = JSON.parse(rawBody.toString('utf8'));
    } catch (e) {
      return answer(res, 400, { error: `control body is not JSON: ${e.message}` });
    }
    plan = { ...plan, ...change };
    return answer(res, 200, plan);
  }
  return deliver(req, res, rawBody);
}

const server = http.createServer((req, res) => {
  handle(req, res).catch((e) => {
    console.error('webhook-receiver:', e);
    if (!res.headersSent) answer(res, 500, { error: String(e) });
  });
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
});
// Stopped by the test (SIGTERM) or orphaned (stdin closes when the JVM that started it is gone): exit quietly.
process.on('SIGTERM', () => process.exit(0));
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
