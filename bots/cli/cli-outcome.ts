/** What a CLI subcommand produced. Written out only once complete, so a failure never half-prints. */
export interface CliOutcome {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export const ok = (stdout: string): CliOutcome => ({ stdout, stderr: '', exitCode: 0 });
export const fail = (stderr: string, exitCode = 1): CliOutcome => ({ stdout: '', stderr, exitCode });
