import type { CollectedExposure } from './collect.js';
import type { Framework, Role, RunbookStep } from './report.js';
import { listed, plural } from './verdict.js';

export interface RunbookInput {
  /** How the key was given, to repeat in commands (`--from-env JWT_SECRET_KEY`); never the key. */
  keyOption: string;
  /** The purge file written by this run, if any. */
  purgeFile?: string;
}

/** Where the new key is kept while it is deployed: a file only its owner reads, outside the repository. */
const NEW_KEY_FILE = '"$HOME/new-key.txt"';
const PURGE_FILE = '"$HOME/secret-hygiene-purge.txt"';

/**
 * The steps to take, built from what was found: each dotenv file, Kubernetes Secret, compose
 * service, CI variable and code default by name; the token step for the frameworks in use; the
 * history purge. Commands never hold the key (the new one is read from a file or generated in place).
 */
export function runbookOf(r: CollectedExposure, input: RunbookInput): RunbookStep[] {
  if (!r.exposed) return [];
  const steps: RunbookStep[] = [];
  const published = r.firstCommit !== undefined;
  const roles = r.roles.filter((x) => !x.isExample);
  const examples = r.roles.filter((x) => x.isExample);
  const keyIds = [...new Set(roles.map((x) => x.keyId))].sort();

  // 1. New keys, and every dotenv file.
  const dotenvs = roles.filter((x) => x.kind === 'dotenv');
  const gen: RunbookStep = { title: dotenvs.length > 0 ? 'Generate a new key and put it in every dotenv file that holds the old one' : 'Generate a new key', details: [], commands: [] };
  if (keyIds.length > 1) {
    gen.details.push(`The key is bound to ${plural(keyIds.length, 'name')} (${listed(keyIds, 8)}): give each its own new key, so that one leak no longer forges what the others sign.`);
  }
  for (const d of dotenvs.filter((x) => x.inWorktree)) {
    const tracked = r.files.find((f) => f.file === d.file)?.tracked === true;
    if (tracked) {
      gen.details.push(`${d.file} is tracked by git: untrack it first (generate refuses a tracked file, since the new key would go into the next commit).`);
      gen.commands.push(`git rm --cached -- ${d.file} && git commit -m 'Stop tracking ${d.file}'`);
    }
    gen.commands.push(`secret-hygiene generate --dotenv ${d.file} --key ${d.name} --rotate`);
  }
  if (dotenvs.some((x) => x.inWorktree)) {
    gen.details.push(
      published
        ? '--rotate keeps the old value as NAME_PREVIOUS for a grace period, so sessions survive the deploy. The old key is public: anyone can still forge tokens that verify with NAME_PREVIOUS, so delete it as soon as every instance runs with the new key (or leave out --rotate to log everyone out at once).'
        : '--rotate keeps the old value as NAME_PREVIOUS: sign with NAME, accept either until the longest token lifetime has passed, then delete NAME_PREVIOUS.',
    );
  }
  const gone = new Map<string, string[]>();
  for (const d of dotenvs.filter((x) => !x.inWorktree)) gone.set(d.file, [...(gone.get(d.file) ?? []), d.name]);
  for (const [file, names] of gone) {
    gen.details.push(`${file} (${listed(names, 6)}) held it in history and is gone from the working tree: nothing to edit here, but every machine configured from a copy of it needs the new key.`);
  }
  for (const e of examples) gen.details.push(`${e.file}:${e.line} is an example file holding the real key as ${e.name}: leave the value empty there.`);
  if (gen.commands.length === 0 && gen.details.length === 0) {
    gen.commands.push(`(umask 077; secret-hygiene generate > ${NEW_KEY_FILE})`);
    gen.details.push(`No dotenv file in the working tree holds it: generate the new key into a file only you can read, for the steps below, and delete it when they are done.`);
  } else if (roles.some((x) => x.kind !== 'dotenv')) {
    gen.commands.push(`(umask 077; secret-hygiene generate > ${NEW_KEY_FILE})   # for the secret stores below`);
  }
  steps.push(gen);

  // 2. Everything else that binds it.
  const deploy: RunbookStep = { title: 'Replace it wherever else it is bound, then redeploy', details: [], commands: [] };
  for (const [ns, name, keys, files] of kubernetesSecrets(roles)) {
    const nsArg = ns !== undefined ? `-n ${ns} ` : '';
    deploy.details.push(`Kubernetes Secret ${ns !== undefined ? `${ns}/` : ''}${name} (${listed(keys, 6)}) is committed in ${listed(files, 3)}: a Secret's data is base64, not encryption. Update the Secret in the cluster, restart what reads it, and take the manifest out of the repository (Sealed Secrets, SOPS or External Secrets instead).`);
    deploy.commands.push(`kubectl ${nsArg}create secret generic ${name} ${keys.map((k) => `--from-file=${k}=${NEW_KEY_FILE}`).join(' ')} --dry-run=client -o yaml | kubectl ${nsArg}apply -f -`);
    deploy.commands.push(`kubectl ${nsArg}rollout restart deployment   # or only the workloads that read ${name}`);
  }
  for (const k of roles.filter((x) => x.kind === 'kubernetes' && x.kubernetes?.kind !== 'Secret')) {
    deploy.details.push(`${k.file}:${k.line}: ${k.kubernetes?.kind ?? 'a manifest'} ${k.kubernetes?.name ?? ''} sets ${k.name} as a literal: read it from a Secret (valueFrom.secretKeyRef) holding the new key.`.replace('  ', ' '));
  }
  for (const c of roles.filter((x) => x.kind === 'compose')) {
    const svc = c.service !== undefined ? `service ${c.service}` : 'a service';
    deploy.details.push(
      c.origin === 'default'
        ? `${c.file}:${c.line}: ${svc} falls back to the key as the default of \${${c.name}:-...}: make it \${${c.name}:?${c.name} must be set} (secret-hygiene fix --write does this) and set ${c.name} where compose runs.`
        : `${c.file}:${c.line}: ${svc} sets ${c.name} as a literal: write \${${c.name}:?${c.name} must be set} and set ${c.name} where compose runs.`,
    );
    if (c.service !== undefined && c.inWorktree) deploy.commands.push(`docker compose up -d ${c.service}`);
  }
  for (const c of roles.filter((x) => x.kind === 'ci')) {
    const job = c.ci?.job !== undefined ? ` (job ${c.ci.job})` : '';
    if (c.ci?.system === 'github') {
      deploy.details.push(`${c.file}:${c.line}${job} holds it as the CI variable ${c.name}: store the new key as a repository secret and write \${{ secrets.${c.name} }} there.`);
      deploy.commands.push(`gh secret set ${c.name} < ${NEW_KEY_FILE}`);
    } else if (c.ci?.system === 'gitlab') {
      deploy.details.push(`${c.file}:${c.line}${job} holds it as the CI variable ${c.name}: add ${c.name} under Settings → CI/CD → Variables (masked, protected) with the new key and delete the literal.`);
    } else {
      deploy.details.push(`${c.file}:${c.line}${job} holds it as the CI variable ${c.name}: move it into the CI system's secret store with the new key and delete the literal.`);
    }
  }
  for (const c of roles.filter((x) => x.kind === 'code' || x.kind === 'config')) {
    deploy.details.push(
      c.origin === 'default'
        ? `${c.file}:${c.line}: ${c.name} falls back to the key as a hardcoded default: read it with no default and fail at start-up when it is missing (secret-hygiene fix --write does this).`
        : `${c.file}:${c.line}: ${c.name} is set to the key in the file: read it from the environment instead.`,
    );
  }
  for (const u of r.uses) {
    if (u.kind === 'ci-secret') {
      deploy.details.push(`${u.file}:${u.line}${u.job !== undefined ? ` (job ${u.job})` : ''} reads ${u.name} from the CI secret ${u.secret}: give it the new key.`);
      deploy.commands.push(`gh secret set ${u.secret} < ${NEW_KEY_FILE}`);
    } else {
      const w = u.workload;
      const ns = w?.namespace !== undefined ? `-n ${w.namespace} ` : '';
      deploy.details.push(`${u.file}:${u.line}: ${w?.kind ?? 'a workload'}${w?.name !== undefined ? ` ${w.name}` : ''} reads ${u.name} from Secret ${u.secret}${u.secretKey !== undefined ? ` (key ${u.secretKey})` : ''}: update that Secret, then restart it.`);
      deploy.commands.push(`kubectl ${ns}create secret generic ${u.secret} --from-file=${u.secretKey ?? u.name}=${NEW_KEY_FILE} --dry-run=client -o yaml | kubectl ${ns}apply -f -`);
      if (w?.name !== undefined && /^(Deployment|StatefulSet|DaemonSet)$/.test(w.kind)) deploy.commands.push(`kubectl ${ns}rollout restart ${w.kind.toLowerCase()}/${w.name}`);
    }
  }
  deploy.commands = [...new Set(deploy.commands)];
  const unbound = r.files.filter((f) => !roles.some((x) => x.file === f.file) && !examples.some((x) => x.file === f.file));
  if (unbound.length > 0) deploy.details.push(`Also holding it, with no setting a parser recognises: ${listed(unbound.map((f) => f.file), 8)}. Check what reads these.`);
  if (deploy.details.length > 0) steps.push(deploy);

  // 3. Tokens.
  steps.push(tokenStep(r, published));

  // 4. History.
  if (published) {
    const refs = [...r.refs.branches, ...r.refs.tags.map((t) => `tag ${t}`)];
    steps.push({
      title: 'Purge it from the history (after rotating)',
      details: [
        'A purge does not un-leak a public repository: forks, clones, CI caches, package tarballs and web archives keep the old history. Rotating (the steps above) is what protects you; a purge only stops new readers from finding it.',
        input.purgeFile !== undefined
          ? `The replacements for git filter-repo were written to ${input.purgeFile} (mode 0600; it holds the key in every form found, so keep it off the repository and delete it afterwards).`
          : `Write the replacements file for git filter-repo (mode 0600, created new, never printed: it holds the key in every form) outside the repository, then rewrite a fresh mirror clone.`,
        refs.length > 0 ? `Refs that still hold it and must be force-pushed: ${listed(refs, 10)}. Everyone with a clone must re-clone; on GitHub, ask support to drop cached views and pull-request refs.` : 'Everyone with a clone must re-clone; on GitHub, ask support to drop cached views and pull-request refs.',
      ],
      commands: [
        ...(input.purgeFile === undefined ? [`secret-hygiene exposure ${input.keyOption} --purge-file ${PURGE_FILE}`] : []),
        'git clone --mirror <repository-url> purge.git && cd purge.git',
        `git filter-repo --replace-text ${input.purgeFile ?? PURGE_FILE}`,
        'git remote add origin <repository-url> && git push --force --mirror origin',
        `shred -u ${input.purgeFile ?? PURGE_FILE}`,
      ],
    });
  }

  steps.push({
    title: 'Check',
    details: ['The old key must appear nowhere in the working tree, and a scan must find no other key in its place.'],
    commands: [`secret-hygiene exposure ${input.keyOption}`, 'secret-hygiene scan .'],
  });
  return steps;
}

function kubernetesSecrets(roles: readonly Role[]): [string | undefined, string, string[], string[]][] {
  const byName = new Map<string, [string | undefined, string, Set<string>, Set<string>]>();
  for (const r of roles) {
    if (r.kind !== 'kubernetes' || r.kubernetes?.kind !== 'Secret') continue;
    const name = r.kubernetes.name ?? '<secret-name>';
    const id = `${r.kubernetes.namespace ?? ''}/${name}`;
    let entry = byName.get(id);
    if (!entry) byName.set(id, (entry = [r.kubernetes.namespace, name, new Set(), new Set()]));
    entry[2].add(r.name);
    entry[3].add(r.file);
  }
  return [...byName.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, [ns, name, keys, files]]) => [ns, name, [...keys].sort(), [...files].sort()]);
}

const TOKEN_ADVICE: Readonly<Record<Framework, { details: string; commands?: string[] }>> = {
  simplejwt: {
    details:
      'djangorestframework-simplejwt signs access and refresh tokens with SIMPLE_JWT["SIGNING_KEY"] (SECRET_KEY by default): once the old key is gone every token it signed fails. Forged tokens have no row in the blacklist, so the blacklist alone cannot stop them; with the token_blacklist app, also blacklist every outstanding refresh token:',
    commands: ['python manage.py shell -c "from rest_framework_simplejwt.token_blacklist.models import OutstandingToken, BlacklistedToken; [BlacklistedToken.objects.get_or_create(token=t) for t in OutstandingToken.objects.all()]"'],
  },
  django: {
    details: 'Django: a new SECRET_KEY invalidates sessions, password-reset links and signed cookies. Do not list the old key in SECRET_KEY_FALLBACKS: that keeps accepting what it signed. With database sessions, end them all:',
    commands: ['python manage.py shell -c "from django.contrib.sessions.models import Session; Session.objects.all().delete()"'],
  },
  'flask-jwt-extended': { details: 'Flask-JWT-Extended signs with JWT_SECRET_KEY (else SECRET_KEY): changing it invalidates every token. A token_in_blocklist_loader cannot list tokens forged with the old key: change the key.' },
  pyjwt: { details: 'PyJWT: jwt.decode accepts what the key you pass verifies: with the old key (and NAME_PREVIOUS) gone, every old token fails. There is no server-side list to clear.' },
  jsonwebtoken: { details: 'jsonwebtoken: jwt.verify accepts what the configured key verifies: with the old key (and NAME_PREVIOUS) gone, every old token fails. There is no server-side list to clear.' },
  jose: { details: 'jose: jwtVerify accepts what the configured key verifies: with the old key gone, every old token fails.' },
  rails: { details: 'Rails: a new secret_key_base (bin/rails credentials:edit, or SECRET_KEY_BASE) invalidates sessions and signed or encrypted cookies. Do not keep the old one in a key rotator.' },
  laravel: { details: 'Laravel: a new APP_KEY (php artisan key:generate) invalidates sessions and encrypted values. Do not list the old key in APP_PREVIOUS_KEYS.' },
  spring: { details: 'jjwt / Spring: the parser accepts what the configured signing key verifies: change it and restart; every old token fails.' },
  'golang-jwt': { details: 'golang-jwt: the key function decides which key verifies: return only the new key, and every old token fails.' },
};

function tokenStep(r: CollectedExposure, published: boolean): RunbookStep {
  const step: RunbookStep = { title: 'Invalidate the tokens the old key signed', details: [], commands: [] };
  for (const f of r.frameworks) {
    const advice = TOKEN_ADVICE[f];
    step.details.push(advice.details);
    step.commands.push(...(advice.commands ?? []));
  }
  if (r.frameworks.length === 0) step.details.push('Every token the old key signed stays valid until the key is removed from every verifier (NAME_PREVIOUS included): remove it, and log everyone out.');
  if (published) step.details.push('Because the key is public, anyone may have signed tokens of their own with it: after the switch, no old token, real or forged, may verify.');
  if (r.tokens.length > 0) {
    const places = r.tokens.flatMap((t) => t.places.map((p) => `${p.file}:${p.line}`));
    step.details.push(`${plural(r.tokens.length, 'committed token')} ${r.tokens.length === 1 ? 'verifies' : 'verify'} with it (${listed([...new Set(places)], 6)}): each is a working credential until the key changes. If they name real users, treat those accounts' sessions as compromised.`);
  }
  return step;
}
