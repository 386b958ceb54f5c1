import { startApp } from "./app.js";
import { ConfigError, processEnv } from "./config.js";
import { PackError } from "./knowledge/index.js";
import { createReminders } from "./reminders/index.js";

try {
  const app = await startApp(processEnv(), { withReminders: (parts) => createReminders(parts) });
  for (const signal of ["SIGTERM", "SIGINT"] as const)
    process.once(signal, () => {
      void app.stop().then(() => process.exit(0));
    });
} catch (e) {
  if (e instanceof ConfigError || e instanceof PackError) {
    console.error(e.message);
    process.exit(1);
  }
  throw e;
}
