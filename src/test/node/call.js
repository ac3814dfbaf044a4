// Calls Roster through the official Node SDK, @volcengine/openapi, exactly as an application would.
// Reads one call from stdin as JSON: {host, region, accessKeyId, secretKey, sessionToken?, action, version?, body}
// (version defaults to Volcengine's 2020-12-01; Roster's own Actions are under 2026-11-01);
// prints the parsed answer as JSON on stdout. The SDK never throws on an HTTP status (validateStatus: null).
const { Service } = require("@volcengine/openapi");

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", async () => {
  const call = JSON.parse(input);
  const service = new Service({
    serviceName: "rtc",
    host: call.host,
    protocol: "http:",
    region: call.region,
    accessKeyId: call.accessKeyId,
    secretKey: call.secretKey,
    sessionToken: call.sessionToken,
  });
  try {
    const api = service.createJSONAPI(call.action, { Version: call.version || "2020-12-01" });
    const answer = await api(call.body);
    process.stdout.write(JSON.stringify(answer));
  } catch (e) {
    process.stderr.write(String(e && e.stack ? e.stack : e));
    process.exit(1);
  }
});
