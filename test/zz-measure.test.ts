import { it } from 'vitest';
import { cli } from './helpers/cli.js';
it('measure', async () => {
  const root = '/tmp/i20-corpus';
  let t = Date.now();
  const h = await cli(root, ['scan', '--history', '--format', 'json']);
  const scanMs = Date.now() - t;
  const j = JSON.parse(h.stdout) as { findings: { ruleId: string; file: string; secret?: { fingerprint: string }; commit?: { stillPresent?: boolean } }[] };
  const withSecret = j.findings.filter((f) => f.secret);
  console.log('scan --history ms', scanMs, 'findings', j.findings.length, withSecret.slice(0, 5).map((f) => `${f.ruleId} ${f.file} ${f.commit?.stillPresent}`));
  for (const f of withSecret.slice(0, 2)) {
    t = Date.now();
    const r = await cli(root, ['exposure', '--fingerprint', f.secret!.fingerprint]);
    console.log('exposure ms', Date.now() - t, 'code', r.code, r.stderr.slice(0, 300));
    console.log(r.stdout.split('\n').slice(0, 30).join('\n'));
  }
}, 600_000);
