/** `npm run playground`: the bot and the Agents Playground together; open the printed address. */
import { startBotAndPlayground } from "./harness.js";

const running = await startBotAndPlayground({ LOG_LEVEL: "info", DATA_DIR: "./data" });
console.log(`Agents Playground: ${running.playgroundUrl}  (bot on port ${running.botPort}; Ctrl+C to stop)`);
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void running.stop().then(() => process.exit(0)));
