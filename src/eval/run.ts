interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

/** Placeholder until the evaluation harness lands. */
export async function runEval(_file: string, options: { io: Io }): Promise<number> {
  options.io.stderr("The evaluation harness is not built yet.\n");
  return 2;
}
