// The peak-RSS sampler, in a process of its own: reading /proc for every process on the machine takes a few
// milliseconds per sample, and done in the benchmark's process it blocked the sandbox's one thread (Verdaccio
// and the gateway) for about 8 % of each run, in 2-3 ms pieces that landed in the middle of request handling.
// Protocol on stdin/stdout, one line each: it prints `{"ready":true}` once listening; `watch <pid>` starts sampling that process's tree every 25 ms;
// `stop` answers `{"peakRss": bytes, "processes": n}` (the highest summed RSS of the tree, and the most
// processes it ran at once, the watched process included) and waits for the next `watch`.
import fs from 'node:fs';
import readline from 'node:readline';

const PAGE = 4096;
const EVERY_MS = 25;

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

let timer;
let peakRss = 0;
let processes = 0;
function sample(pid) {
  const tree = treeRss(pid);
  peakRss = Math.max(peakRss, tree.rss);
  processes = Math.max(processes, tree.count);
}

process.stdout.write('{"ready":true}\n');
for await (const line of readline.createInterface({ input: process.stdin })) {
  const [command, arg] = line.trim().split(' ');
  if (command === 'watch') {
    clearInterval(timer);
    peakRss = 0;
    processes = 0;
    const pid = Number(arg);
    sample(pid);
    timer = setInterval(() => sample(pid), EVERY_MS);
  } else if (command === 'stop') {
    clearInterval(timer);
    process.stdout.write(`${JSON.stringify({ peakRss, processes })}\n`);
  }
}
clearInterval(timer);
