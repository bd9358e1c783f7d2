// Preloaded with `node --import` by test/org/connection.test.ts: every name lookup fails as an
// unknown host would, without asking any name server (the tests use no network).
import dns from 'node:dns';

dns.lookup = (hostname, options, callback) => {
  const cb = typeof options === 'function' ? options : callback;
  process.nextTick(() => cb(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', syscall: 'getaddrinfo', hostname })));
};
