// Preloaded into every Node process of a test run (through NODE_OPTIONS, so spawned npm, semantic-release
// and changesets processes carry it too). Tests may only talk to loopback: a connection anywhere else is
// refused here and recorded, so the run fails even when the caller swallowed the error.
import fs from 'node:fs';
import net from 'node:net';

const logFile = process.env.TRUSTPUB_NET_GUARD_LOG;

function isLoopback(host) {
  const h = String(host)
    .replace(/^\[|\]$/g, '')
    .toLowerCase();
  return (
    h === 'localhost' ||
    h === '::1' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) ||
    /^::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h)
  );
}

function target(args) {
  const first = args[0];
  if (Array.isArray(first)) return target(first); // net internals pass normalized [options, cb]
  if (first && typeof first === 'object') {
    return { path: first.path, host: first.host ?? 'localhost', port: first.port };
  }
  if (typeof first === 'string' && Number.isNaN(Number(first))) return { path: first };
  return { host: typeof args[1] === 'string' ? args[1] : 'localhost', port: first };
}

const originalConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
  const t = target(args);
  if (t.path || isLoopback(t.host)) return originalConnect.apply(this, args);
  const line = `${new Date().toISOString()} pid=${process.pid} refused ${t.host}:${t.port} argv=${process.argv.slice(1, 3).join(' ')}\n`;
  if (logFile) fs.appendFileSync(logFile, line);
  const err = new Error(
    `trustpub test network guard: connection to ${t.host}:${t.port} refused; tests may only reach loopback (127.0.0.1). Pin the registry and every URL to the sandbox.`,
  );
  err.code = 'ETRUSTPUB_NET_GUARD';
  process.nextTick(() => this.destroy(err));
  return this;
};
