import type { VerifyIo } from '../../apps/ledger-cli/src/commands/verify.command';

/** Command output captured as a user would read it. */
export function captureIo(env: NodeJS.ProcessEnv = {}): VerifyIo & { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  return {
    out: (text) => (out += text),
    err: (text) => (err += text),
    env,
    stderrIsTty: false,
    stdout: () => out,
    stderr: () => err,
  };
}
