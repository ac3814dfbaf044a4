// The Volcengine "HMAC-SHA256" request signature (V4 style), computed in the browser with WebCrypto, as the
// official SDKs compute it and as Roster's server checks it (dev.roster.auth.SignatureV4): canonical request,
// string to sign, a signing key derived from the secret, the day, the region and the service, lower-case hex.
// It signs content-type;host;x-content-sha256;x-date, as volc-sdk-java does. No secret leaves this module:
// it returns headers only. Runs unchanged in Node.js 20 (globalThis.crypto), where the tests check it
// against the server's signer on the reference vectors.

const ALGORITHM = 'HMAC-SHA256';
const SERVICE = 'rtc';
const SIGNED_HEADERS = ['content-type', 'host', 'x-content-sha256', 'x-date'];
const encoder = new TextEncoder();

function bytes(data) {
  return typeof data === 'string' ? encoder.encode(data) : data;
}

function hex(buffer) {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
}

export async function sha256Hex(data) {
  return hex(await crypto.subtle.digest('SHA-256', bytes(data)));
}

async function hmac(key, text) {
  const k = await crypto.subtle.importKey('raw', bytes(key), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await crypto.subtle.sign('HMAC', k, encoder.encode(text)));
}

/** RFC 3986: only unreserved characters stay as they are; every other byte of the UTF-8 is %XX, upper case. */
function encode(text) {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

/** The query as the SDKs sign it: names and values encoded, sorted by name, then by value. */
export function canonicalQuery(params) {
  return Object.entries(params)
    .map(([name, value]) => [encode(name), encode(String(value))])
    .sort((a, b) => (a[0] === b[0] ? compare(a[1], b[1]) : compare(a[0], b[0])))
    .map(([name, value]) => name + '=' + value)
    .join('&');
}

function compare(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Method, path, query, each signed header as name:value, the list of signed headers, the body's hash. */
export function canonicalRequest(method, path, query, signedHeaders, headerValues, payloadHash) {
  const lines = [method, path || '/', query];
  for (const name of signedHeaders) {
    lines.push(name + ':' + String(headerValues[name] ?? '').trim());
  }
  return lines.join('\n') + '\n\n' + signedHeaders.join(';') + '\n' + payloadHash;
}

/** The hex signature of a canonical request made at xDate (yyyyMMddTHHmmssZ) for the region. */
export async function signature(secretKey, xDate, region, canonical) {
  const date = xDate.slice(0, 8);
  const scope = `${date}/${region}/${SERVICE}/request`;
  const stringToSign = [ALGORITHM, xDate, scope, await sha256Hex(canonical)].join('\n');
  let key = await hmac(secretKey, date);
  key = await hmac(key, region);
  key = await hmac(key, SERVICE);
  key = await hmac(key, 'request');
  return hex(await hmac(key, stringToSign));
}

/** X-Date: the time in UTC as yyyyMMddTHHmmssZ. */
export function xDate(at = new Date()) {
  return at.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/**
 * The headers that sign one POST of a JSON body: Content-Type, X-Date, X-Content-Sha256 and Authorization.
 * host is what the browser will send as Host (location.host); query is an object of the URL's parameters.
 */
export async function signRequest({ accessKeyId, secretAccessKey, region, host, path = '/', query, body, at }) {
  const contentType = 'application/json';
  const date = xDate(at);
  const payloadHash = await sha256Hex(body);
  const values = { 'content-type': contentType, host, 'x-content-sha256': payloadHash, 'x-date': date };
  const canonical = canonicalRequest('POST', path, canonicalQuery(query), SIGNED_HEADERS, values, payloadHash);
  const sig = await signature(secretAccessKey, date, region, canonical);
  const credential = `${accessKeyId}/${date.slice(0, 8)}/${region}/${SERVICE}/request`;
  return {
    'Content-Type': contentType,
    'X-Date': date,
    'X-Content-Sha256': payloadHash,
    Authorization: `${ALGORITHM} Credential=${credential}, SignedHeaders=${SIGNED_HEADERS.join(';')}, Signature=${sig}`,
  };
}
