// Runs one command and measures it: wall time, CPU time of the whole process tree (GNU time's user+sys,
// which include every reaped descendant), and peak RSS of the tree (sum over live descendants, sampled
// from /proc every 25 ms; GNU time's %M is only the largest single process). The sampler's own CPU is
// returned too, so a caller that measures its own process (the in-process sandbox) can take it out.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { clearInterval, setInterval } from 'node:timers';

const PAGE = 4096;

function treeRss(rootPid) {
  const children = new Map();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  let rss = 0;
  let count = 0;
  const stack = [rootPid];
  while (stack.length) {
    const pid = stack.pop();
    try {
      rss += Number(fs.readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * PAGE;
      count++;
    } catch {
      // gone
    }
    for (const c of children.get(pid) ?? []) stack.push(c);
  }
  return { rss, count };
}

/**
 * Runs `command args` with `env` in `cwd`; resolves
 * { code, wallMs, cpuMs, peakRssMb, processes, samplerCpuMs, stdout, stderr }; `processes` is the most
 * processes the command ran at once (GNU time's own process not counted).
 */
export function measure(command, args, { cwd, env }) {
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
    let peak = 0;
    let processes = 0;
    let samplerCpuMs = 0;
    const timer = setInterval(() => {
      const before = process.cpuUsage();
      const tree = treeRss(child.pid);
      peak = Math.max(peak, tree.rss);
      processes = Math.max(processes, tree.count - 1);
      const used = process.cpuUsage(before);
      samplerCpuMs += (used.user + used.system) / 1000;
    }, 25);
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(timer);
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
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
        peakRssMb: peak / 1024 / 1024,
        processes,
        samplerCpuMs,
        stdout,
        stderr,
      });
    });
  });
}
