// Runs one command and measures it: wall time, CPU time of the whole process tree (GNU time's user+sys,
// which include every reaped descendant), and peak RSS of the tree (sum over live descendants, sampled
// from /proc every 25 ms by a process of its own; GNU time's %M is only the largest single process).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The RSS sampler's process (bench/rss-sampler.mjs), started on first use and kept for the whole
 * benchmark: a process of its own so that sampling never runs on the sandbox's thread, started once so
 * that its start-up never overlaps a measured run. It does not keep the benchmark alive.
 */
let sampler;
function rssSampler() {
  if (sampler) return sampler;
  const child = spawn(
    process.execPath,
    [fileURLToPath(new URL('./rss-sampler.mjs', import.meta.url))],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const answers = [];
  let buffered = '';
  child.stdout.on('data', (d) => {
    buffered += d;
    let nl;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      answers.shift()?.(JSON.parse(buffered.slice(0, nl)));
      buffered = buffered.slice(nl + 1);
    }
  });
  child.unref();
  child.stdin.unref();
  child.stdout.unref();
  // Its first line says it is listening.
  const ready = new Promise((resolve) => answers.push(resolve));
  sampler = {
    ready,
    watch: (pid) => child.stdin.write(`watch ${pid}\n`),
    stop: () =>
      new Promise((resolve) => {
        answers.push(resolve);
        child.stdin.write('stop\n');
      }),
  };
  return sampler;
}

/** Starts the RSS sampler's process and waits for it; call before taking a run's start time. */
export function prepareMeasure() {
  return rssSampler().ready;
}

/**
 * Runs `command args` with `env` in `cwd`; resolves
 * { code, wallMs, cpuMs, peakRssMb, processes, stdout, stderr }; `processes` is the most
 * processes the command ran at once (GNU time's own process not counted).
 */
export async function measure(command, args, { cwd, env }) {
  const rss = rssSampler();
  await rss.ready;
  const timeFile = path.join(
    os.tmpdir(),
    `bench-time-${process.pid}-${Date.now()}-${Math.random().toString(16).slice(2)}`,
  );
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn('/usr/bin/time', ['-f', '%U %S', '-o', timeFile, command, ...args], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    rss.watch(child.pid);
    child.on('error', reject);
    child.on('close', async (code) => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      const { peakRss, processes } = await rss.stop();
      let cpuMs = NaN;
      try {
        const [u, s] = fs
          .readFileSync(timeFile, 'utf8')
          .trim()
          .split('\n')
          .pop()
          .split(' ')
          .map(Number);
        cpuMs = (u + s) * 1000;
        fs.rmSync(timeFile, { force: true });
      } catch {
        // time did not write (killed)
      }
      resolve({
        code,
        wallMs,
        cpuMs,
        peakRssMb: peakRss / 1024 / 1024,
        // GNU time's own process is not counted.
        processes: Math.max(0, processes - 1),
        stdout,
        stderr,
      });
    });
  });
}
