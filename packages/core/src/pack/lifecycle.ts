import type { CoreContext } from '../kernel/index.js';
import { FIXES, TrustpubError } from '../errors/index.js';

/** The lifecycle events npm, pnpm, yarn and bun run around packing and publishing a directory. */
export type LifecycleEvent =
  'prepublishOnly' | 'prepublish' | 'prepack' | 'prepare' | 'postpack' | 'publish' | 'postpublish';

const OUTPUT_TAIL = 20;

/**
 * Runs one lifecycle script of the package in `dir` with @npmcli/run-script, as npm does (the
 * package's `node_modules/.bin` folders on PATH, `npm_package_*` and `npm_lifecycle_event` set, the
 * context's env layered over the process env, since run-script always starts from `process.env`).
 * Output is collected and logged line by line (redacted) once the script ends. Nothing happens when the
 * manifest has no such script.
 * @throws TrustpubError `PACK_LIFECYCLE_SCRIPT_FAILED` naming the script, its exit code or signal and
 *   the end of its output.
 * @see npm `lib/commands/publish.js`, libnpmpack, pacote `lib/dir.js` for when npm runs each event.
 */
export async function runLifecycle(
  dir: string,
  event: LifecycleEvent,
  manifest: Readonly<Record<string, unknown>>,
  ctx: CoreContext,
  env: Record<string, string> = {},
): Promise<void> {
  const scripts = manifest.scripts as Record<string, unknown> | undefined;
  const script = scripts?.[event];
  if (typeof script !== 'string') return;
  const id = `${String(manifest.name)}@${String(manifest.version)}`;
  ctx.logger.info(ctx.secrets.redact(`> ${id} ${event}\n> ${script}`));
  // Loaded on first use: most packages have no lifecycle script, and run-script costs start-up time.
  const { default: runScript } = await import('@npmcli/run-script');
  let result;
  try {
    result = await runScript({
      event,
      path: dir,
      pkg: manifest,
      // npm sets npm_command and INIT_CWD for every script it runs; scripts branch on them.
      env: { ...ctx.env, npm_command: 'publish', INIT_CWD: ctx.cwd, ...env },
      stdio: 'pipe',
      ...(ctx.env.npm_config_script_shell ? { scriptShell: ctx.env.npm_config_script_shell } : {}),
    });
  } catch (error) {
    const failure = error as {
      code?: number | null;
      signal?: string | null;
      stdout?: unknown;
      stderr?: unknown;
    };
    const output = withoutNpmConfigWarnings(
      ctx.secrets.redact(joinOutput(text(failure.stdout), text(failure.stderr))),
      ctx,
    );
    logOutput(output, ctx);
    const status =
      typeof failure.code === 'number'
        ? `exited with code ${failure.code}`
        : failure.signal
          ? `was killed by ${failure.signal}`
          : `could not run: ${ctx.secrets.redact((error as Error).message)}`;
    const tail = output.trimEnd().split('\n').slice(-OUTPUT_TAIL).join('\n');
    throw new TrustpubError(
      'PACK_LIFECYCLE_SCRIPT_FAILED',
      `The "${event}" script of ${id} ${status}: ${ctx.secrets.redact(script)}${tail ? `\n${tail}` : ''}`,
      {
        hint: FIXES.PACK_LIFECYCLE_SCRIPT_FAILED({ event, dir }),
        packageName: String(manifest.name),
        details: { event, script, exitCode: failure.code ?? null, signal: failure.signal ?? null },
      },
    );
  }
  logOutput(
    withoutNpmConfigWarnings(
      ctx.secrets.redact(joinOutput(String(result.stdout), String(result.stderr))),
      ctx,
    ),
    ctx,
  );
}

/** run-script trims each stream, so they are joined on a line break (else two lines run together). */
function joinOutput(stdout: string, stderr: string): string {
  return stdout && stderr ? `${stdout}\n${stderr}` : stdout + stderr;
}

/**
 * npm's complaints about the user's configuration (an `.npmrc` option it no longer knows, such as
 * `always-auth`), printed by every npm a script runs. They say nothing about the script or the release,
 * so they go to the debug log; every other line, including a script's own "npm warn" text, is shown.
 */
const NPM_CONFIG_WARNING =
  /^npm (?:warn|WARN) (?:Unknown (?:user|project|global|env|builtin|cli) config "[^"]*"|config \S+ )/;

function withoutNpmConfigWarnings(output: string, ctx: CoreContext): string {
  const kept: string[] = [];
  for (const line of output.split('\n')) {
    if (NPM_CONFIG_WARNING.test(line)) ctx.logger.debug(line);
    else kept.push(line);
  }
  return kept.join('\n');
}

/** run-script's captured output: a string (stdioString) or a Buffer. */
function text(value: unknown): string {
  return typeof value === 'string' ? value : Buffer.isBuffer(value) ? value.toString('utf8') : '';
}

function logOutput(output: string, ctx: CoreContext): void {
  for (const line of output.split('\n')) if (line.trim() !== '') ctx.logger.info(line);
}
