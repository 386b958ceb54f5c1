interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

/** Placeholder until the deadline rules land: says so and exits 2. */
export async function runDeadlineCli(argv: string[], io: Io): Promise<number> {
  if (argv.includes("--help")) {
    io.stdout("Usage: npm run deadline -- --authority <id> --rule <ruleId> --from <date|datetime> --json | --list --json\n(not built yet)\n");
    return 2;
  }
  io.stderr("Deadline calculation is not built yet.\n");
  return 2;
}
