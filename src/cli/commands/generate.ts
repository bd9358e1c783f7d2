import { lstat, mkdir, stat } from 'node:fs/promises';
import { confinedPath, readToolFile, TOOL_FILE_CAPS } from '../../fs/tool-file.js';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { createSecretNameMatcher } from '../../core/secret-names.js';
import { writeFileAtomic } from '../../secrets/atomic-write.js';
import { decodeFileText, encodeFileText, isEnvKeyName, previousKeyOf, setSecretInDotenv, type EnvEditProblem } from '../../secrets/env-file.js';
import {
  DEFAULT_SECRET_BYTES,
  MAX_SECRET_BYTES,
  MIN_SECRET_BYTES,
  SECRET_ENCODINGS,
  generateSecret,
  isSecretEncoding,
  type SecretEncoding,
} from '../../secrets/generate-secret.js';
import { ensureGitignored, isTrackedByGit, locateFile, type IgnoreOutcome } from '../../secrets/gitignore-coverage.js';
import type { CliIO } from '../io.js';
import { parseCommand } from '../parse-command.js';
import { EXIT, notShown, UsageError } from '../usage-error.js';

export const generateHelp = `Usage: secret-hygiene generate [options]

Prints a new secret: ${DEFAULT_SECRET_BYTES} random bytes from the operating system's CSPRNG, base64url-encoded
(86 characters; the same as Python's secrets.token_urlsafe(${DEFAULT_SECRET_BYTES})).

Options:
  --bytes N             random bytes, ${MIN_SECRET_BYTES} to ${MAX_SECRET_BYTES} (default: ${DEFAULT_SECRET_BYTES}); HS256 needs ${MIN_SECRET_BYTES} (RFC 7518 §3.2)
  --encoding ENC        ${SECRET_ENCODINGS.join('|')} (default: base64url)
  --env-file FILE       write the secret into FILE as NAME=... instead of printing it
  --dotenv FILE         the same as --env-file (see below)
  --key NAME            the variable to set in FILE (required with --env-file)
  --rotate              with --env-file: move the current value to NAME_PREVIOUS first

With --env-file the secret is never printed. The one line for NAME is added or replaced and every
other byte of FILE is kept; the file is replaced atomically. A new FILE gets mode 0600; an existing
one keeps its mode (with a warning when other users can read it). The .gitignore at the root of
the git repository holding FILE (else beside FILE) is made to ignore it. A FILE git already tracks
is refused: .gitignore would not keep the secret out of the next commit.

The secret-hygiene command starts Node with \`node --\`, so --env-file is this option. Running the
bundle as \`node dist/cli/index.js\`, Node 20 to 24 take --env-file as their own option and stop with
'node: FILE: not found' when FILE does not exist yet: write \`node -- dist/cli/index.js\`, or --dotenv.

Exit codes: 0 done, 2 usage or I/O error.
`;

export async function generateCommand(argv: string[], io: CliIO): Promise<number> {
  const parsed = parseCommand(
    'secret-hygiene generate',
    argv,
    io,
    {
      bytes: { type: 'string' },
      encoding: { type: 'string', default: 'base64url' },
      'env-file': { type: 'string' },
      dotenv: { type: 'string' },
      key: { type: 'string' },
      rotate: { type: 'boolean', default: false },
    },
    generateHelp,
  );
  if (parsed === null) return EXIT.clean;
  const { values, positionals } = parsed;
  if (positionals.length > 0) throw new UsageError(`generate takes no arguments (${notShown(positionals.length)}). See 'secret-hygiene generate --help'.`);
  const encoding = values.encoding;
  if (!isSecretEncoding(encoding)) throw new UsageError(`--encoding must be one of ${SECRET_ENCODINGS.join(', ')}; see 'secret-hygiene generate --help'.`);
  const bytes = parseBytes(values.bytes);

  const envFile = envFileOption(values['env-file'], values.dotenv);
  if (envFile === undefined) {
    if (values.key !== undefined) throw new UsageError('--key names the variable to set in a file: add --env-file FILE (e.g. --env-file .env).');
    if (values.rotate) throw new UsageError('--rotate moves the current value in a file aside: add --env-file FILE --key NAME.');
    io.stdout(generateSecret({ bytes, encoding }) + '\n');
    return EXIT.clean;
  }
  if (envFile === '') throw new UsageError('--env-file needs a file name, e.g. --env-file .env.');
  const key = values.key;
  if (key === undefined) {
    throw new UsageError('--env-file needs --key NAME: the variable your app reads, e.g. --key JWT_SECRET_KEY.');
  }
  if (!isEnvKeyName(key)) {
    throw new UsageError(`--key takes a variable name (not shown: it may be a value): use letters, digits and _, not starting with a digit (e.g. JWT_SECRET_KEY).`);
  }
  return writeToEnvFile(io, { envFile, key, bytes, encoding, rotate: values.rotate });
}

/** `--dotenv` is `--env-file` under a name Node does not claim (see the help). */
export function envFileOption(envFile: string | undefined, dotenv: string | undefined): string | undefined {
  if (envFile !== undefined && dotenv !== undefined) throw new UsageError('give the file once: --env-file FILE or --dotenv FILE, not both.');
  return envFile ?? dotenv;
}

function parseBytes(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_SECRET_BYTES;
  const n = /^\d{1,6}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(n)) throw new UsageError(`--bytes takes a whole number of bytes, e.g. --bytes 64.`);
  if (n < MIN_SECRET_BYTES) {
    throw new UsageError(`--bytes is too few: an HMAC signing key needs at least ${MIN_SECRET_BYTES} random bytes (RFC 7518 §3.2). Use --bytes ${MIN_SECRET_BYTES} or more (default ${DEFAULT_SECRET_BYTES}).`);
  }
  if (n > MAX_SECRET_BYTES) throw new UsageError(`--bytes is more than ${MAX_SECRET_BYTES}; ${DEFAULT_SECRET_BYTES} is plenty for any HMAC algorithm.`);
  return n;
}

/**
 * Creates the missing directories of the env file, as `--output` does: one level at a time
 * (bounded by the path's depth), never through a link. Below the working directory (a cloned
 * repository: it could commit `config -> /etc`) no component of the path may be a link; the
 * nearest existing directory must be a directory, not a link to one.
 */
async function makeEnvFileDirs(cwd: string, dir: string, shown: string): Promise<void> {
  const missing: string[] = [];
  let d = dir;
  for (let depth = 0; depth < 256; depth++) {
    const st = await lstat(d).catch(() => null);
    if (st !== null) {
      if (st.isSymbolicLink()) throw new UsageError(`the directory of ${shown} passes through a symbolic link (${relative(cwd, d) || d}): generate does not create directories through links. Give a path without links.`);
      if (!st.isDirectory()) throw new UsageError(`cannot create the directory of ${shown}: ${relative(cwd, d) || d} is not a directory.`);
      break;
    }
    missing.push(d);
    const up = dirname(d);
    if (up === d) break;
    d = up;
  }
  if (missing.length === 0) return;
  const below = relative(cwd, d);
  if (below === '' || (!below.startsWith('..') && !isAbsolute(below))) {
    let at = cwd;
    for (const part of below === '' ? [] : below.split(sep)) {
      at = resolve(at, part);
      if ((await lstat(at).catch(() => null))?.isSymbolicLink()) {
        throw new UsageError(`the directory of ${shown} passes through a symbolic link (${relative(cwd, at)}): generate does not create directories through links. Give a path without links.`);
      }
    }
  }
  for (const m of missing.reverse()) {
    try {
      await mkdir(m);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') throw new UsageError(`cannot create ${relative(cwd, m) || m} for ${shown}: ${code === 'EACCES' ? 'permission denied' : `error ${code ?? 'unknown'}`}.`);
    }
  }
}

interface EnvFileRequest {
  envFile: string;
  key: string;
  bytes: number;
  encoding: SecretEncoding;
  rotate: boolean;
}

async function writeToEnvFile(io: CliIO, req: EnvFileRequest): Promise<number> {
  const { envFile, key, rotate } = req;
  const path = resolve(io.cwd, envFile);
  await makeEnvFileDirs(io.cwd, dirname(path), envFile);
  const dirStat = await stat(dirname(path)).catch(() => null);
  if (!dirStat?.isDirectory()) throw new UsageError(`the directory of ${envFile} does not exist: create it first, or give another --env-file.`);
  const existing = await lstat(path).catch(() => null);
  if (existing?.isSymbolicLink()) {
    throw new UsageError(`${envFile} is a symbolic link: generate does not write through links (a cloned repository could point one anywhere). Give the path of the file it points to.`);
  }
  if (existing && !existing.isFile()) throw new UsageError(`${envFile} is not a regular file: give the path of a dotenv file.`);

  const loc = await locateFile(path);
  if (await isTrackedByGit(loc)) {
    throw new UsageError(
      `${envFile} is tracked by git, so a secret written to it would go into the next commit. Untrack it first ` +
        `(git rm --cached -- ${loc.rel}, then commit), treat the secrets it held as leaked, and run this again.`,
    );
  }

  // Inside the repository (or the file's directory), no link on the way, read capped.
  const target = confinedPath(loc.root, loc.rel, envFile);
  const { text, encoding: textEncoding } = decodeFileText(readToolFile(target, { shown: envFile, maxBytes: TOOL_FILE_CAPS.envFile, root: loc.root }) ?? Buffer.alloc(0));
  const value = generateSecret({ bytes: req.bytes, encoding: req.encoding });
  const result = setSecretInDotenv(text, { key, value, rotate, names: createSecretNameMatcher() });
  if (!result.ok) throw new UsageError(describeEditProblem(result.problem, envFile));

  // Cover the file before the secret lands in it.
  const ignored = await ensureGitignored(loc);
  await writeFileAtomic(target, encodeFileText(result.text, textEncoding), {
    mode: existing ? existing.mode & 0o7777 : 0o600,
    ...(existing ? { owner: { uid: existing.uid, gid: existing.gid } } : {}),
  });

  const what = `${req.bytes} random bytes, ${req.encoding}; the value is not shown`;
  io.stdout(
    result.action === 'added'
      ? `Added ${key} to ${envFile}${existing ? '' : ', a new file with mode 0600'} (${what}).\n`
      : `Replaced ${key} in ${envFile} (${what}).\n`,
  );
  io.stdout(describeIgnore(ignored, envFile, io.cwd));
  if (ignored.status === 'uncovered') {
    io.stderr(
      `warning: ${envFile} is still not ignored by git` +
        (ignored.overriddenBy ? `: a '!' rule in ${relative(io.cwd, ignored.overriddenBy) || ignored.overriddenBy} un-ignores it. Remove that rule.\n` : '. Check your .gitignore files.\n'),
    );
  }
  if (existing && (existing.mode & 0o077) !== 0) {
    const mode = (existing.mode & 0o777).toString(8).padStart(4, '0');
    io.stderr(`warning: ${envFile} is readable by other users (mode ${mode}); run 'chmod 600 ${envFile}' unless another account must read it.\n`);
  }
  if (rotate && result.previous) {
    const prev = previousKeyOf(key);
    io.stdout(
      `${key} has a new value; the old one is now ${prev}${result.previous.action === 'replaced' ? ' (replacing the one kept there before)' : ''}.\n` +
        `Sign with ${key} and accept tokens that verify with either key until the longest token lifetime has passed, then delete ${prev} (at once if the old key leaked).\n`,
    );
  }
  if (io.env[key] !== undefined) {
    io.stderr(`note: ${key} is also set in this environment; most dotenv loaders keep the environment's value over the file's.\n`);
  }
  return EXIT.clean;
}

function describeEditProblem(p: EnvEditProblem, envFile: string): string {
  switch (p.code) {
    case 'duplicate-key':
      return `${p.key} is set more than once in ${envFile} (lines ${p.lines.join(', ')}): delete all but one, so that it is clear which line the app reads, then run this again.`;
    case 'nothing-to-rotate':
      return `${p.key} has no value in ${envFile}, so there is nothing to rotate. Run without --rotate to add it.`;
    case 'same-as-other':
      return `the new value for ${p.key} equals ${p.other} in ${envFile}; each secret must have its own value. Run this again.`;
  }
}

function describeIgnore(o: IgnoreOutcome, envFile: string, cwd: string): string {
  const gi = relative(cwd, o.gitignore) || o.gitignore;
  switch (o.status) {
    case 'covered':
      return `${gi} already keeps ${envFile} out of git.\n`;
    case 'added':
      return `Added ${o.patterns.join(', ')} to ${gi} so that git ignores ${envFile}.\n`;
    case 'uncovered':
      return o.patterns.length > 0 ? `Added ${o.patterns.join(', ')} to ${gi}.\n` : '';
  }
}
