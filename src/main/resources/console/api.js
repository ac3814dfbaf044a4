// Calls to Roster's public API, as any client makes them: POST /?Action=…&Version=…, a JSON body, signed
// with the key of this tab (when the server checks signatures). FlowLimitExceeded is waited out: the
// answer's Retry-After (seconds) is slept, then the call is made again, a few times at most.

import { signRequest } from './signer.js';

export const VOLCENGINE = '2020-12-01';
export const ROSTER = '2026-11-01';
const MAX_WAITS = 5;

/** An error envelope (or a failure to reach the server), with the API's Code and Message. */
export class ApiError extends Error {
  constructor(code, message, requestId, status) {
    super(`${code}: ${message}`);
    this.code = code;
    this.apiMessage = message;
    this.requestId = requestId;
    this.status = status;
  }
}

/**
 * A JSON.parse reviver that keeps integers beyond 2^53 (64-bit UserIds) exact, as their decimal text, where
 * the browser shows a reviver the source (JSON.parse source text access).
 */
function exact(key, value, context) {
  return typeof value === 'number' && !Number.isSafeInteger(value) && context && /^-?\d+$/.test(context.source)
    ? context.source : value;
}

export class Api {
  /**
   * credentials: {accessKeyId, secretAccessKey} or null when the server does not check signatures;
   * onWait(seconds, action): told before each wait for a rate limit.
   */
  constructor({ credentials, region, onWait = () => {} }) {
    this.credentials = credentials;
    this.region = region;
    this.onWait = onWait;
    this.closed = false;
  }

  /** After sign-out: a call still waiting for a rate limit is not made again with this key. */
  close() {
    this.closed = true;
  }

  /** The Result of the Action, or an ApiError. */
  async call(action, version, body) {
    for (let attempt = 0; ; attempt++) {
      if (this.closed) throw new ApiError('SignedOut', 'signed out before the call was made', '', 0);
      const { response, envelope } = await this.send(action, version, body);
      const error = envelope?.ResponseMetadata?.Error;
      if (error && error.Code === 'FlowLimitExceeded' && attempt < MAX_WAITS) {
        const seconds = Math.max(1, Number(response.headers.get('Retry-After')) || 1);
        this.onWait(seconds, action);
        await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
        continue;
      }
      if (error) {
        throw new ApiError(error.Code, error.Message, envelope.ResponseMetadata.RequestId, response.status);
      }
      if (!response.ok || !envelope || !('Result' in envelope)) {
        throw new ApiError('BadAnswer', `HTTP ${response.status} without a Result`, '', response.status);
      }
      return envelope.Result;
    }
  }

  async send(action, version, body) {
    const text = JSON.stringify(body);
    const query = { Action: action, Version: version };
    const headers = this.credentials
      ? await signRequest({ ...this.credentials, region: this.region, host: location.host, query, body: text })
      : { 'Content-Type': 'application/json' };
    let response;
    try {
      response = await fetch('/?' + new URLSearchParams(query), {
        method: 'POST', headers, body: text, credentials: 'omit', cache: 'no-store', referrerPolicy: 'no-referrer',
      });
    } catch (e) {
      throw new ApiError('NetworkError', `the server did not answer (${e.message})`, '', 0);
    }
    let envelope = null;
    try {
      envelope = JSON.parse(await response.text(), exact);
    } catch {
      // not JSON: reported below as a bad answer
    }
    return { response, envelope };
  }
}
