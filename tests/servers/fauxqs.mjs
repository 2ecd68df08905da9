// Starts the SQS emulator fauxqs (pinned in package.json) on 127.0.0.1 only (its own CLI
// listens on every interface), port FAUXQS_PORT (default 4566), without request logs.
import { buildApp } from "fauxqs";

const port = parseInt(process.env.FAUXQS_PORT ?? "4566", 10);
const app = buildApp({ logger: false });
await app.listen({ port, host: "127.0.0.1" });
console.log(`fauxqs listening on 127.0.0.1:${port}`);
