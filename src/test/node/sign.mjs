// Runs the console's browser signer (src/main/resources/console/signer.js) in Node.js for BrowserSignerTest:
// reads a JSON array of cases on stdin and prints a JSON array of what the signer made of each.
//   {"vector": {secretKey, xDate, region, method, path, query, signedHeaders, headers, payloadHash}}
//     -> {canonicalRequest, signature}
//   {"request": {accessKeyId, secretAccessKey, region, host, query, body, at}} -> the four signing headers
import { readFileSync } from 'node:fs';
import { canonicalQuery, canonicalRequest, sha256Hex, signRequest, signature } from '../../main/resources/console/signer.js';

const out = [];
for (const c of JSON.parse(readFileSync(0, 'utf8'))) {
  if (c.vector) {
    const v = c.vector;
    const canonical = canonicalRequest(v.method, v.path, canonicalQuery(v.query), v.signedHeaders, v.headers,
      v.payloadHash);
    out.push({ canonicalRequest: canonical, signature: await signature(v.secretKey, v.xDate, v.region, canonical) });
  } else if (c.hash) {
    out.push({ sha256: await sha256Hex(c.hash) });
  } else {
    out.push(await signRequest({ ...c.request, at: new Date(c.request.at) }));
  }
}
process.stdout.write(JSON.stringify(out));
