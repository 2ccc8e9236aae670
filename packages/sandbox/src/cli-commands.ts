import path from 'node:path';
import { startCommand } from './cli-start.js';
import { connectSandbox } from './connect-sandbox.js';
import { checkJobOptions } from './input-checks.js';
import { SandboxError } from './sandbox-error.js';
import type { CiJobOptions, CiProvider, TrustConfigBody } from './types.js';

export type Values = Record<string, string | boolean | string[] | undefined>;
const DEFAULT_DIR = '.trustpub-sandbox';

const str = (v: Values[string]): string | undefined => (typeof v === 'string' ? v : undefined);

function required(values: Values, flag: string, command: string): string {
  const v = str(values[flag]);
  if (!v)
    throw new SandboxError(
      `--${flag} is required`,
      `Run \`trustpub-sandbox ${command} --help\` for the options.`,
    );
  return v;
}

function numberFlag(values: Values, flag: string): number | undefined {
  const v = str(values[flag]);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0)
    throw new SandboxError(
      `--${flag} "${v}" is not a whole number`,
      `Pass --${flag} as a number, e.g. --${flag} 50.`,
    );
  return n;
}

function provider(value: string | undefined, command: string): CiProvider {
  if (value === 'github' || value === 'gitlab' || value === 'circleci') return value;
  throw new SandboxError(
    `Provider "${value ?? ''}" is unknown`,
    `Use \`trustpub-sandbox ${command} ... github|gitlab|circleci\`.`,
  );
}

/** Shell-quotes a value for an `export` line. */
function quote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}

/** Runs one CLI command; throws SandboxError for anything the user can fix. */
export async function runCommand(
  command: string,
  positionals: string[],
  values: Values,
  out: (text: string) => void,
): Promise<void> {
  const dir = str(values.dir) ?? DEFAULT_DIR;
  if (command === 'start') {
    const port = numberFlag(values, 'port');
    const latencyMs = numberFlag(values, 'latency');
    const cdnCacheSeconds = numberFlag(values, 'cdn-cache');
    return startCommand(
      {
        dir,
        detach: values.detach === true,
        json: values.json === true,
        ...(port !== undefined ? { port } : {}),
        ...(latencyMs !== undefined ? { latencyMs } : {}),
        ...(cdnCacheSeconds !== undefined ? { cdnCacheMs: cdnCacheSeconds * 1000 } : {}),
      },
      out,
    );
  }
  const sandbox = connectSandbox(dir);
  if (command === 'stop') {
    await sandbox.stop();
    return out(`stopped the sandbox in ${sandbox.dir}\n`);
  }
  if (command === 'seed') {
    const spec = positionals[0];
    if (!spec)
      throw new SandboxError(
        'seed needs a package name',
        'Run `trustpub-sandbox seed NAME[@VERSION]`.',
      );
    const at = spec.lastIndexOf('@');
    const [name, version] = at > 0 ? [spec.slice(0, at), spec.slice(at + 1)] : [spec, undefined];
    await sandbox.seed(name, version);
    return out(`seeded ${name}@${version ?? '0.0.1'}\n`);
  }
  if (command === 'trust') {
    const [name, type] = positionals;
    if (!name)
      throw new SandboxError('trust needs a package name', 'Run `trustpub-sandbox trust --help`.');
    const config = trustBody(provider(type, 'trust NAME'), values);
    const stored = await sandbox.setTrust(name, config);
    return out(`trusted publisher ${stored.id} set for ${name}\n`);
  }
  if (command === 'env') {
    const p = provider(positionals[0], 'env');
    const opts = jobOptions(p, values);
    checkJobOptions(p, opts);
    const env = await sandbox.ciEnv(p, opts);
    if (values.json === true) return out(`${JSON.stringify(env)}\n`);
    const lines = Object.entries(env).map(([k, v]) =>
      // PATH gains the sandbox's tool directory in front of the shell's own PATH, not the sandbox's.
      k === 'PATH'
        ? `export PATH=${quote(v.split(path.delimiter)[0] ?? '')}${path.delimiter}"$PATH"`
        : `export ${k}=${quote(v)}`,
    );
    return out(`${lines.join('\n')}\n`);
  }
  throw new SandboxError(
    `Unknown command "${command}"`,
    'Run `trustpub-sandbox --help` for the commands.',
  );
}

function trustBody(type: CiProvider, values: Values): TrustConfigBody {
  const environment = str(values.environment);
  const env = environment ? { environment } : {};
  if (type === 'github') {
    return {
      type,
      claims: {
        repository: required(values, 'repo', 'trust'),
        workflow_ref: { file: required(values, 'file', 'trust') },
        ...env,
      },
      permissions: ['createPackage'],
    };
  }
  if (type === 'gitlab') {
    return {
      type,
      claims: {
        project_path: required(values, 'project', 'trust'),
        ci_config_ref_uri: { file: required(values, 'file', 'trust') },
        ...env,
      },
      permissions: ['createPackage'],
    };
  }
  const contexts = Array.isArray(values['context-id']) ? values['context-id'] : [];
  return {
    type,
    claims: {
      'oidc.circleci.com/org-id': required(values, 'org-id', 'trust'),
      'oidc.circleci.com/project-id': required(values, 'project-id', 'trust'),
      'oidc.circleci.com/pipeline-definition-id': required(
        values,
        'pipeline-definition-id',
        'trust',
      ),
      'oidc.circleci.com/vcs-origin': required(values, 'vcs-origin', 'trust'),
      ...(contexts.length ? { 'oidc.circleci.com/context-ids': contexts } : {}),
    },
    permissions: ['createPackage'],
  };
}

function jobOptions(p: CiProvider, values: Values): CiJobOptions {
  const optional = (flag: string, key = flag): Record<string, string> => {
    const v = str(values[flag]);
    return v === undefined ? {} : { [key]: v };
  };
  if (p === 'github') {
    return {
      repo: required(values, 'repo', 'env'),
      workflow: required(values, 'workflow', 'env'),
      ...optional('environment'),
      ...optional('ref'),
      ...optional('visibility'),
      ...optional('runner'),
    };
  }
  if (p === 'gitlab') {
    return {
      project: required(values, 'project', 'env'),
      ...optional('file'),
      ...optional('environment'),
      ...optional('ref'),
      ...optional('visibility'),
      ...optional('runner'),
    };
  }
  const contexts = Array.isArray(values['context-id']) ? values['context-id'] : [];
  return {
    orgId: required(values, 'org-id', 'env'),
    projectId: required(values, 'project-id', 'env'),
    pipelineDefinitionId: required(values, 'pipeline-definition-id', 'env'),
    vcsOrigin: required(values, 'vcs-origin', 'env'),
    ...(contexts.length ? { contextIds: contexts } : {}),
  };
}
