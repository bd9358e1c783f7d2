import { normalizeKey, type SecretNameMatcher } from '../core/secret-names.js';
import type { AssignmentContext, SecretAssignment, SecretUse } from '../core/types.js';
import { findInterpolations } from './interpolation.js';
import { classifyShellValue, parseDotenvEntries, shellSpan, ShellValueBuilder, sliceShellValue, type ShellValue } from './dotenv.js';

/**
 * The commands of shell text that bind a secret-named variable to a value, wherever the text
 * sits: a script, a Makefile recipe, a CI `run:` step, a Jenkins `sh '...'`, a README code block.
 *
 * - assignments: `JWT_SECRET=x`, `JWT_SECRET=x cmd`, `export`, `declare -x`, `readonly`, `local`, `env K=V cmd`;
 * - containers: `docker|podman|nerdctl run|create|exec ... -e K=V | --env K=V | --env=K=V`, `--build-arg K=V`;
 * - Kubernetes: `kubectl|oc create secret generic NAME --from-literal=K=V`;
 * - files written: `echo "K=V" >> .env`, `printf 'K=V\n' > .env`, `echo K=V | tee -a .env`, and
 *   the `K=V` lines of a heredoc written to a file (`cat > .env <<EOF`);
 * - hosting: `heroku config:set K=V`, `dokku config:set app K=V`, `fly secrets set K=V`,
 *   `gh secret set K --body V`.
 *
 * Words are decoded as the shell reads them (quotes, backslashes, `$(...)`, `${...}`), with the
 * document offset of every character kept, so a finding points at the value. A value built at
 * run time (`$(openssl rand -hex 32)`, backticks, `$1`) is no literal; `${K:-x}` is a default.
 * One left-to-right pass over the text; no regex runs over a value.
 */

export interface ShellScan {
  names: SecretNameMatcher;
  /** The context of an assignment at a document offset (CI parsers give each job its own). */
  contextAt: (offset: number) => AssignmentContext;
  out: SecretAssignment[];
  /** When given, `echo`/`printf` of a secret-named variable to the terminal is recorded here (secret-logged). */
  uses?: SecretUse[];
  /** Makefile recipes: a command may start with `@`, `-` or `+` (silent, ignore errors, always run). */
  recipe?: boolean;
}

/** A word of a command, decoded, with where it was written. */
interface Word {
  value: ShellValue;
  /** Document offset of the word's first raw character. */
  start: number;
  /** True when the word holds `$(...)` or a backtick command: its value is computed at run time. */
  computed: boolean;
}

type Op = ';' | '&&' | '||' | '|' | '&' | '>' | '>>' | '<' | '<<' | '<<<' | '(' | ')' | 'newline';

type Token = { kind: 'word'; word: Word } | { kind: 'op'; op: Op; heredoc?: { word: string; stripTabs: boolean } };

interface Command {
  words: Word[];
  /** True when the command writes its output somewhere: a `>`/`>>` redirect or a pipe onward. */
  writes: boolean;
  /** Heredocs the command opened, in order, with the body's document range once read. */
  heredocs: { word: string; stripTabs: boolean; body?: { start: number; end: number } }[];
}

/** Scans text[from, to) as shell commands and adds the secret assignments it finds to `scan.out`. */
export function scanShell(text: string, from: number, to: number, scan: ShellScan): void {
  const tokens = new Tokenizer(text, from, to);
  let current: Command = { words: [], writes: false, heredocs: [] };
  // Commands of the current line that opened heredocs: their bodies start on the next line.
  let withBodies: Command[] = [];
  const finish = (op: Op | null): void => {
    if (op === '|') current.writes = true;
    if (current.heredocs.length > 0) withBodies.push(current);
    else if (current.words.length > 0) readCommand(current, scan);
    current = { words: [], writes: false, heredocs: [] };
  };
  let redirectNext = false;
  for (let t = tokens.next(); t !== null; t = tokens.next()) {
    if (t.kind === 'word') {
      // The target of a redirect is a file name, not an argument.
      if (redirectNext) redirectNext = false;
      else current.words.push(t.word);
      continue;
    }
    switch (t.op) {
      case '>':
      case '>>':
        current.writes = true;
        redirectNext = true;
        break;
      case '<':
      case '<<<':
        redirectNext = true;
        break;
      case '<<':
        if (t.heredoc) current.heredocs.push({ ...t.heredoc });
        break;
      case 'newline':
        finish(null);
        for (const cmd of withBodies) {
          for (const h of cmd.heredocs) h.body = tokens.skipHeredoc(h.word, h.stripTabs);
          readCommand(cmd, scan);
          const writesFile = cmd.writes || basename(cmd.words[0]?.value.text ?? '') === 'tee';
          if (writesFile) for (const h of cmd.heredocs) if (h.body) readHeredoc(text, h.body, scan);
        }
        withBodies = [];
        break;
      default:
        finish(t.op);
    }
  }
  finish(null);
  for (const cmd of withBodies) readCommand(cmd, scan);
}

/** Words that open or close a compound command: the next word starts a command. */
const RESERVED = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', '!', '{', '}', 'time', 'exec']);
const DECLARE = new Set(['export', 'declare', 'typeset', 'readonly', 'local']);
const CONTAINER_TOOLS = new Set(['docker', 'podman', 'nerdctl', 'docker-compose']);

function readCommand(cmd: Command, scan: ShellScan): void {
  const words = cmd.words;
  let i = 0;
  while (i < words.length && RESERVED.has(words[i]?.value.text ?? '')) i++;
  // Prefix assignments (`K=V cmd`, or `K=V` alone) and `env K=V cmd`, `sudo -E`.
  for (;;) {
    const w = words[i];
    if (w === undefined) return;
    const t = w.value.text;
    if (t === 'sudo' || t === 'env' || (t.startsWith('-') && i > 0 && (words[i - 1]?.value.text === 'sudo' || words[i - 1]?.value.text === 'env'))) {
      i++;
      continue;
    }
    if (!emitAssignment(w, 0, IDENT, scan)) break;
    i++;
  }
  let first = words[i]?.value.text ?? '';
  // A prompt in documentation (`$ export K=V`) and a recipe's `@`/`-`/`+` prefix are not the command.
  if ((first === '$' || first === '%') && i + 1 < words.length) first = words[++i]?.value.text ?? '';
  if (scan.recipe === true) first = first.replace(/^[@+-]+/, '');
  const name = basename(first);
  const args = words.slice(i + 1);
  if (DECLARE.has(name)) {
    for (const w of args) if (!w.value.text.startsWith('-')) emitAssignment(w, 0, IDENT, scan);
    return;
  }
  if (CONTAINER_TOOLS.has(name)) return containerOptions(args, scan);
  if (name === 'kubectl' || name === 'oc' || name === 'microk8s.kubectl') return kubectlLiterals(args, scan);
  if ((name === 'echo' || name === 'printf') && cmd.writes) {
    for (const w of args) if (!w.value.text.startsWith('-')) emitAssignment(w, 0, IDENT, scan, true);
    return;
  }
  if ((name === 'echo' || name === 'printf') && scan.uses) return printedSecrets(name, args, scan.uses, scan);
  if (name === 'heroku' || name === 'dokku') {
    if (args.some((w) => w.value.text === 'config:set')) for (const w of args) emitAssignment(w, 0, IDENT, scan);
    return;
  }
  if ((name === 'fly' || name === 'flyctl') && args[0]?.value.text === 'secrets' && args[1]?.value.text === 'set') {
    for (const w of args.slice(2)) emitAssignment(w, 0, IDENT, scan);
    return;
  }
  if (name === 'gh' && args[0]?.value.text === 'secret' && args[1]?.value.text === 'set') ghSecretSet(args.slice(2), scan);
}

/**
 * `echo "SESSION_SECRET: $SESSION_SECRET"` to the terminal: the value lands in the shell's output,
 * which CI keeps in its logs. A `${#K}` length or a `${K:+set}` test shows nothing of it.
 */
function printedSecrets(sink: string, args: readonly Word[], uses: SecretUse[], scan: ShellScan): void {
  for (const w of args) {
    const inside = substitutionMask(w.value.interpText);
    for (const i of findInterpolations(w.value.interpText)) {
      // `$([ -n "${K:-}" ] && printf '[SET]')` tests the value; it does not print it.
      if (i.operator === ':+' || i.operator === '+' || inside[i.start] === true) continue;
      const keyId = normalizeKey(i.name);
      if (!scan.names.isSecretKey(keyId)) continue;
      uses.push({ kind: 'log', key: i.name, keyId, span: shellSpan(w.value, i.start, i.end), sink });
    }
  }
}

/** Which characters of a word sit inside a `$(...)` or backtick command substitution. */
function substitutionMask(text: string): boolean[] {
  const mask: boolean[] = new Array<boolean>(text.length).fill(false);
  let depth = 0;
  let tick = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '`') tick = !tick;
    else if (ch === '$' && text[i + 1] === '(') {
      depth++;
      i++;
    } else if (depth > 0 && ch === '(') depth++;
    else if (depth > 0 && ch === ')') depth--;
    mask[i] = depth > 0 || tick;
  }
  return mask;
}

/** `-e K=V`, `--env K=V`, `--env=K=V`, `-eK=V`, `--build-arg K=V`, `--build-arg=K=V`. */
function containerOptions(args: readonly Word[], scan: ShellScan): void {
  for (let j = 0; j < args.length; j++) {
    const w = args[j];
    if (w === undefined) continue;
    const t = w.value.text;
    if (t === '-e' || t === '--env' || t === '--build-arg') {
      const next = args[j + 1];
      if (next) emitAssignment(next, 0, IDENT, scan);
      j++;
    } else if (t.startsWith('--env=') || t.startsWith('--build-arg=')) {
      emitAssignment(w, t.indexOf('=') + 1, IDENT, scan);
    } else if (t.startsWith('-e') && t.length > 2 && !t.startsWith('--')) {
      emitAssignment(w, 2, IDENT, scan);
    }
  }
}

/** `kubectl create secret generic NAME --from-literal=K=V` (or `--from-literal K=V`). */
function kubectlLiterals(args: readonly Word[], scan: ShellScan): void {
  const c = args.findIndex((w) => w.value.text === 'create');
  if (c === -1 || args[c + 1]?.value.text !== 'secret') return;
  for (let j = c + 2; j < args.length; j++) {
    const w = args[j];
    if (w === undefined) continue;
    const t = w.value.text;
    if (t === '--from-literal') {
      const next = args[j + 1];
      if (next) emitAssignment(next, 0, SECRET_KEY_NAME, scan);
      j++;
    } else if (t.startsWith('--from-literal=')) {
      emitAssignment(w, '--from-literal='.length, SECRET_KEY_NAME, scan);
    }
  }
}

/** `gh secret set NAME --body VALUE` (or `-b VALUE`, `--body=VALUE`). */
function ghSecretSet(args: readonly Word[], scan: ShellScan): void {
  const key = args.find((w) => !w.value.text.startsWith('-'));
  if (!key || !IDENT.test(key.value.text)) return;
  for (let j = 0; j < args.length; j++) {
    const t = args[j]?.value.text ?? '';
    let value: ShellValue | undefined;
    if ((t === '--body' || t === '-b') && args[j + 1]) value = args[j + 1]?.value;
    else if (t.startsWith('--body=')) value = sliceShellValue(args[j]!.value, 7, t.length);
    if (value && !args[j + 1]?.computed) emit(key.value.text, shellSpan(key.value, 0, key.value.text.length), value, scan);
  }
}

/** Names an environment variable may have; Kubernetes secret keys may also hold `-` and `.`. */
const IDENT = /^[A-Za-z_][A-Za-z0-9_]{0,200}$/;
const SECRET_KEY_NAME = /^[A-Za-z0-9_.-]{1,200}$/;

/**
 * Reads `word[from..]` as `NAME=value` and emits it when NAME is secret-named. True when the word
 * is an assignment at all (secret-named or not), so callers know where prefix assignments end.
 * `echoed`: the text of an echo may carry a trailing `\n` written as two characters.
 */
function emitAssignment(word: Word, from: number, nameRule: RegExp, scan: ShellScan, echoed = false): boolean {
  const t = word.value.text;
  const eq = t.indexOf('=', from);
  if (eq <= from) return false;
  const key = t.slice(from, eq);
  if (!nameRule.test(key)) return false;
  if (word.computed) return true;
  let end = t.length;
  if (echoed && t.endsWith('\\n')) end -= 2;
  emit(key, shellSpan(word.value, from, eq), sliceShellValue(word.value, eq + 1, end), scan);
  return true;
}

function emit(key: string, keySpan: { start: number; end: number }, value: ShellValue, scan: ShellScan): void {
  const keyId = normalizeKey(key);
  if (!scan.names.isSecretKey(keyId)) return;
  // Positional and special parameters (`$1`, `$@`, `$?`) are filled in at run time.
  if (/\$[0-9@*#?!$-]/.test(value.interpText)) return;
  const classified = classifyShellValue(value, keyId, 'literal');
  if (classified === null) return;
  scan.out.push({ key, keyId, ...classified, keySpan, context: scan.contextAt(keySpan.start) });
}

/** The `K=V` lines of a heredoc written to a file (`cat > .env <<EOF`), read as a dotenv file. */
function readHeredoc(text: string, body: { start: number; end: number }, scan: ShellScan): void {
  const slice = text.slice(body.start, body.end);
  for (const entry of parseDotenvEntries(slice)) {
    const keyId = normalizeKey(entry.key);
    if (!scan.names.isSecretKey(keyId)) continue;
    const b = new ShellValueBuilder(body.start + entry.valueSpan.start);
    // An unquoted heredoc expands `$VAR` and `$(...)`, like the double-quoted dotenv values here.
    for (let k = entry.valueSpan.start; k < entry.valueSpan.end; k++) b.push(slice[k] ?? '', body.start + k, body.start + k + 1, true);
    const value = b.build();
    if (value.text.includes('$(') || value.text.includes('`')) continue;
    emit(entry.key, { start: body.start + entry.keySpan.start, end: body.start + entry.keySpan.end }, value, scan);
  }
}

function basename(cmd: string): string {
  const slash = cmd.lastIndexOf('/');
  return slash === -1 ? cmd : cmd.slice(slash + 1);
}

// ---------------------------------------------------------------------------------------------
// Tokens

/** Longest heredoc body looked for, in lines: an unterminated one ends the scan of its text. */
const MAX_HEREDOC_LINES = 10_000;

class Tokenizer {
  private pos: number;

  constructor(
    private readonly text: string,
    from: number,
    private readonly to: number,
  ) {
    this.pos = from;
  }

  next(): Token | null {
    const { text, to } = this;
    // Blanks, line continuations and comments.
    for (;;) {
      const ch = text[this.pos];
      if (this.pos >= to) return null;
      if (ch === ' ' || ch === '\t' || ch === '\r') this.pos++;
      else if (ch === '\\' && text[this.pos + 1] === '\n') this.pos += 2;
      else if (ch === '\\' && text[this.pos + 1] === '\r' && text[this.pos + 2] === '\n') this.pos += 3;
      else if (ch === '#') {
        while (this.pos < to && text[this.pos] !== '\n') this.pos++;
      } else break;
    }
    const ch = text[this.pos] ?? '';
    const two = text.slice(this.pos, this.pos + 2);
    if (ch === '\n') {
      this.pos++;
      return { kind: 'op', op: 'newline' };
    }
    if (two === '&&' || two === '||' || two === '>>') {
      this.pos += 2;
      return { kind: 'op', op: two };
    }
    if (two === '<<') {
      if (text[this.pos + 2] === '<') {
        this.pos += 3;
        return { kind: 'op', op: '<<<' };
      }
      this.pos += 2;
      const stripTabs = text[this.pos] === '-';
      if (stripTabs) this.pos++;
      while (this.pos < to && (text[this.pos] === ' ' || text[this.pos] === '\t')) this.pos++;
      const delimiter = this.readWord();
      const word = delimiter?.value.text ?? '';
      return word === '' ? { kind: 'op', op: '<<' } : { kind: 'op', op: '<<', heredoc: { word, stripTabs } };
    }
    if (ch === '>' && text[this.pos + 1] === '|') {
      this.pos += 2;
      return { kind: 'op', op: '>' };
    }
    if (ch === '&' && text[this.pos + 1] === '>') {
      this.pos += text[this.pos + 2] === '>' ? 3 : 2;
      return { kind: 'op', op: '>' };
    }
    if (ch === ';' || ch === '|' || ch === '&' || ch === '>' || ch === '<' || ch === '(' || ch === ')') {
      this.pos++;
      return { kind: 'op', op: ch };
    }
    // `2>file`, `2>&1`: a file descriptor number right before a redirect.
    if (/[0-9]/.test(ch)) {
      let j = this.pos;
      while (j < to && /[0-9]/.test(text[j] ?? '')) j++;
      if (text[j] === '>' || text[j] === '<') {
        this.pos = j;
        return this.next();
      }
    }
    const word = this.readWord();
    if (word === null) {
      this.pos++;
      return this.next();
    }
    return { kind: 'word', word };
  }

  /**
   * Skips a heredoc body from the current position (the start of the line after its command) to
   * its delimiter line, and returns the body's range. Delimiters are compared trimmed: in a YAML
   * block the whole script, delimiter included, is indented.
   */
  skipHeredoc(word: string, stripTabs: boolean): { start: number; end: number } | undefined {
    const { text, to } = this;
    const start = this.pos;
    for (let n = 0; n < MAX_HEREDOC_LINES && this.pos < to; n++) {
      const nl = text.indexOf('\n', this.pos);
      const lineEnd = nl === -1 || nl > to ? to : nl;
      const line = text.slice(this.pos, lineEnd).replace(/\r$/, '');
      const bodyEnd = this.pos;
      this.pos = lineEnd + 1;
      if ((stripTabs ? line.replace(/^\t+/, '') : line).trim() === word) return { start, end: bodyEnd };
    }
    this.pos = to;
    return undefined;
  }

  /** One shell word from the current position, or null when none starts here. */
  private readWord(): Word | null {
    const { text, to } = this;
    const start = this.pos;
    const b = new ShellValueBuilder(start);
    let computed = false;
    let i = this.pos;
    while (i < to) {
      const ch = text[i] ?? '';
      if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === ';' || ch === '&' || ch === '|' || ch === '<' || ch === '>' || ch === '(' || ch === ')') break;
      if (ch === '\\') {
        if (text[i + 1] === '\n') {
          i += 2;
          continue;
        }
        if (i + 1 < to) b.push(text[i + 1] ?? '', i, i + 2, false);
        i += 2;
        continue;
      }
      if (ch === "'") {
        const close = text.indexOf("'", i + 1);
        const end = close === -1 || close >= to ? to : close;
        for (let k = i + 1; k < end; k++) b.push(text[k] ?? '', k, k + 1, false);
        i = end + 1;
        continue;
      }
      if (ch === '$' && text[i + 1] === "'") {
        // ANSI-C quoting: `$'...'`, read as a single-quoted string (its escapes are rare in secrets).
        const close = text.indexOf("'", i + 2);
        const end = close === -1 || close >= to ? to : close;
        for (let k = i + 2; k < end; k++) b.push(text[k] ?? '', k, k + 1, false);
        i = end + 1;
        continue;
      }
      if (ch === '"') {
        i = this.readDouble(i + 1, b, () => (computed = true));
        continue;
      }
      if (ch === '$' && (text[i + 1] === '(' || text[i + 1] === '{')) {
        const end = this.balanced(i + 1);
        if (text[i + 1] === '(') computed = true;
        for (let k = i; k < end; k++) b.push(text[k] ?? '', k, k + 1, true);
        i = end;
        continue;
      }
      if (ch === '`') {
        const close = text.indexOf('`', i + 1);
        const end = close === -1 || close >= to ? to : close + 1;
        computed = true;
        for (let k = i; k < end; k++) b.push(text[k] ?? '', k, k + 1, true);
        i = end;
        continue;
      }
      b.push(ch, i, i + 1, true);
      i++;
    }
    if (i === start) return null;
    this.pos = i;
    return { value: b.build(), start, computed };
  }

  /** Reads a double-quoted string's body from `i` (after the quote); returns the index after the closing quote. */
  private readDouble(i: number, b: ShellValueBuilder, onComputed: () => void): number {
    const { text, to } = this;
    while (i < to) {
      const ch = text[i] ?? '';
      if (ch === '"') return i + 1;
      if (ch === '\\' && i + 1 < to && '"$`\\\n'.includes(text[i + 1] ?? 'x')) {
        if (text[i + 1] !== '\n') b.push(text[i + 1] ?? '', i, i + 2, false);
        i += 2;
        continue;
      }
      if (ch === '$' && (text[i + 1] === '(' || text[i + 1] === '{')) {
        const end = this.balanced(i + 1);
        if (text[i + 1] === '(') onComputed();
        for (let k = i; k < end; k++) b.push(text[k] ?? '', k, k + 1, true);
        i = end;
        continue;
      }
      if (ch === '`') {
        const close = text.indexOf('`', i + 1);
        const end = close === -1 || close >= to ? to : close + 1;
        onComputed();
        for (let k = i; k < end; k++) b.push(text[k] ?? '', k, k + 1, true);
        i = end;
        continue;
      }
      b.push(ch, i, i + 1, true);
      i++;
    }
    return to;
  }

  /** The index after the bracket that closes the one at `open` (`(` or `{`), skipping quoted text. */
  private balanced(open: number): number {
    const { text, to } = this;
    const opener = text[open];
    const closer = opener === '(' ? ')' : '}';
    let depth = 0;
    for (let i = open; i < to; i++) {
      const ch = text[i];
      if (ch === "'" && opener === '(') {
        const close = text.indexOf("'", i + 1);
        if (close === -1 || close >= to) return to;
        i = close;
      } else if (ch === '\\') i++;
      else if (ch === opener) depth++;
      else if (ch === closer && --depth === 0) return i + 1;
      else if (ch === '\n' && opener === '{') return i;
    }
    return to;
  }
}
