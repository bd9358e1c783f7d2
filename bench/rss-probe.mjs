// Preloaded into a timed process (`node --import bench/rss-probe.mjs ...`): on exit, writes the
// process's peak resident set size (KiB) to $BENCH_RSS_FILE. Child processes (git) are not counted.
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
