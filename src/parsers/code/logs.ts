import { AUTHORIZATION_KEY, headerReadIn, isCredentialAt, isCredentialNamed, isOnlyAFact } from './credentials.js';
import type { CodeContext } from './language.js';
import { tokenize, type Token } from './tokens.js';
import { calleeOf, isChainStart, isOp, isSecretName, keyIdOf, readChain } from './walk.js';

/**
 * Secret values flowing into print/log calls. A logged argument counts when it reads a
 * secret-named identifier, member or subscript (`secret_key`, `settings.SECRET_KEY`,
 * `app.config['SECRET_KEY']`) or environment variable (`os.environ["JWT_SECRET"]`), in the call's
 * arguments or inside an interpolated string (`f"{secret_key}"`, `` `${jwtSecret}` ``, `"#{x}"`).
 * Checks that only reveal a boolean or a length (`len(secret_key)`, `SECRET_KEY is None`,
 * `'SECRET_KEY' in os.environ`, `jwtSecret ? 'set' : 'unset'`) and plain strings that only name
 * the key are not counted.
 */
export function runLogPass(ctx: CodeContext): void {
  const ts = ctx.tokens;
  for (let i = 0; i < ts.length; i++) {
    const t = ts[i];
    if (!t) continue;
    if (isOp(t, '(')) {
      if (t.match < 0) continue;
      const callee = calleeOf(ctx, ts, i);
      if (callee && ctx.spec.isLogCall(callee.segments)) scanArguments(ctx, ts, i + 1, t.match, i, callee.text, 0);
      continue;
    }
    if (t.kind === 'id' && ctx.spec.isStatementLog && isChainStart(ctx, ts, i)) {
      const chain = readChain(ctx, ts, i);
      if (!chain || chain.segments.some((s) => s.kind !== 'id')) continue;
      if (!ctx.spec.isStatementLog(chain.segments.map((s) => s.name))) continue;
      const next = ts[chain.end];
      if (!next || !startsArgument(next)) continue;
      const last = ts[chain.end - 1];
      const sink = ctx.text.slice(t.start, last?.end ?? t.end);
      scanArguments(ctx, ts, chain.end, statementEnd(ctx, ts, chain.end), -1, sink, 0);
      i = chain.end - 1;
    }
  }
}

/** `puts x`, `echo $x`, `logger.info "..."`: what may follow a parenthesis-free output call. */
function startsArgument(t: Token): boolean {
  if (t.kind === 'id' || t.kind === 'str' || t.kind === 'num') return true;
  return t.kind === 'op' && (t.text === '[' || t.text === ':' || t.text === '-');
}

function statementEnd(ctx: CodeContext, ts: Token[], s: number): number {
  let k = s;
  for (let steps = 0; steps < 256 && k < ts.length; steps++) {
    const t = ts[k];
    if (!t || t.kind === 'nl' || isOp(t, ';') || isOp(t, ')') || isOp(t, ']') || isOp(t, '}')) return k;
    if (t.kind === 'id' && ctx.spec.stopWords.has(t.text)) return k;
    if (t.kind === 'op' && (t.text === '(' || t.text === '[' || t.text === '{') && t.match > k) {
      k = t.match + 1;
      continue;
    }
    k++;
  }
  return k;
}

const MAX_INTERPOLATION_DEPTH = 3;

function scanArguments(ctx: CodeContext, ts: Token[], s: number, e: number, logOpen: number, sink: string, depth: number): void {
  let k = s;
  while (k < e) {
    const t = ts[k];
    if (!t) break;
    if (t.kind === 'str') {
      if (t.lit && depth < MAX_INTERPOLATION_DEPTH) {
        for (const span of t.lit.interpolations) {
          const sub = tokenize(ctx.text.slice(span.start, span.end), ctx.language, span.start, true);
          scanArguments(ctx, sub, 0, sub.length, -1, sink, depth + 1);
        }
      }
      k++;
      continue;
    }
    if (isOp(t, '(') && t.match > k) {
      // A nested log call reports its own arguments.
      const callee = calleeOf(ctx, ts, k);
      if (callee && ctx.spec.isLogCall(callee.segments)) {
        k = t.match + 1;
        continue;
      }
    }
    if (t.kind !== 'id' || !isChainStart(ctx, ts, k)) {
      k++;
      continue;
    }
    const mention = mentionAt(ctx, ts, k, e);
    if (mention.keyId !== undefined && !revealsOnlyAFact(ctx, ts, mention.start, mention.end, e, logOpen)) {
      const first = ts[mention.start];
      const last = ts[mention.end - 1];
      if (first && last) addUse(ctx, ctx.text.slice(first.start, last.end), mention.keyId, first.start, last.end, sink);
    }
    k = Math.max(k + 1, mention.skipTo);
  }
}

function addUse(ctx: CodeContext, key: string, keyId: string, start: number, end: number, sink: string): void {
  const id = `use:${start}:${end}`;
  if (ctx.seen.has(id)) return;
  ctx.seen.add(id);
  ctx.uses.push({ kind: 'log', key, keyId, span: { start, end }, sink });
}

interface Mention {
  keyId?: string;
  start: number;
  end: number;
  skipTo: number;
}

/** Members that turn a secret into a fact about it. */
const MEASURES = new Set([
  'length', 'size', 'len', 'count', 'Length', 'Count', 'isEmpty', 'isNotEmpty', 'isBlank', 'isNotBlank', 'IsEmpty',
  'empty?', 'blank?', 'present?', 'nil?', 'any?', 'none?', 'is_a?', 'startswith', 'endswith', 'startsWith', 'endsWith',
  'starts_with?', 'end_with?', 'start_with?', 'HasPrefix', 'bytesize', '__len__', 'isnumeric', 'isalnum',
]);

function mentionAt(ctx: CodeContext, ts: Token[], k: number, limit: number): Mention {
  const credential = credentialMention(ctx, ts, k, limit);
  if (credential) return credential;
  const read = ctx.spec.matchEnvRead(ctx, ts, k);
  if (read) {
    const keyId = keyIdOf(read.name);
    // `process.env.JWT_SECRET.length`, `os.environ["K"].startswith(...)`: a fact about the value.
    const measured = isOp(ts[read.end], '.') && MEASURES.has(ts[read.end + 1]?.text ?? '');
    return isSecretName(ctx, keyId) && !measured ? { keyId, start: k, end: read.end, skipTo: read.end } : { start: k, end: k, skipTo: read.end };
  }
  const chain = readChain(ctx, ts, k);
  if (!chain) return { start: k, end: k, skipTo: k + 1 };
  for (let j = 0; j < chain.segments.length; j++) {
    const seg = chain.segments[j];
    if (!seg) continue;
    const keyId = keyIdOf(seg.name);
    if (!isSecretName(ctx, keyId)) continue;
    const segEnd = seg.kind === 'key' ? seg.tok + 2 : seg.tok + 1;
    // A call of a secret-named function (`get_secret_key()`) is not the value itself.
    if (isOp(ts[segEnd], '(')) break;
    if (chain.segments.slice(j + 1).some((s) => MEASURES.has(s.name))) break;
    return { keyId, start: k, end: segEnd, skipTo: chain.end };
  }
  return { start: k, end: k, skipTo: chain.end };
}

/**
 * The request's credential: its `Authorization` header read right here, or a name the file bound to
 * it or to a value made from it (`decoded = base64decode(auth)`).
 */
function credentialMention(ctx: CodeContext, ts: Token[], k: number, limit: number): Mention | null {
  const end = primaryEnd(ctx, ts, k + 1, limit);
  const isRead = headerReadIn(ctx, ts, k, end) === k;
  const isName = !isRead && (ts === ctx.tokens ? isCredentialAt(ctx, ts, k) : isCredentialNamed(ctx, ts[k]?.text ?? '', ts[k]?.start ?? 0));
  if (!isRead && !isName) return null;
  if (isOnlyAFact(ctx, ts, k, limit)) return { start: k, end: k, skipTo: end };
  return { keyId: AUTHORIZATION_KEY, start: k, end: isRead ? end : k + 1, skipTo: end };
}

const FACT_BEFORE = new Set(['!', '!!', 'not', '==', '!=', '===', '!==', '<', '>', '<=', '>=', '<=>', 'in', 'is', 'if', 'elif', 'unless', 'typeof', 'instanceof', 'defined?', '=~', '!~']);
const FACT_AFTER = new Set(['==', '!=', '===', '!==', '<', '>', '<=', '>=', '<=>', 'in', 'is', 'not', '?', 'instanceof', '=~', '!~']);
/** Calls that return a fact about their argument, not the argument. */
const MEASURING_CALLS = new Set([
  'len', 'bool', 'type', 'isinstance', 'hasattr', 'callable', 'id', 'strlen', 'mb_strlen', 'count', 'sizeof', 'isset', 'empty',
  'is_null', 'is_string', 'Boolean', 'isEmpty', 'isBlank', 'isNotEmpty', 'isNotBlank', 'hasText', 'hasLength', 'IsNullOrEmpty',
  'IsNullOrWhiteSpace', 'RuneCountInString', 'isNull', 'nonNull', 'isNil', 'defined', 'typeof', 'hash', 'sha256', 'md5',
]);

function revealsOnlyAFact(ctx: CodeContext, ts: Token[], start: number, end: number, limit: number, logOpen: number): boolean {
  const before = ts[start - 1];
  if (before && (before.kind === 'op' || before.kind === 'id') && FACT_BEFORE.has(before.text)) return true;
  const after = ts[primaryEnd(ctx, ts, end, limit)];
  if (after && (after.kind === 'op' || after.kind === 'id') && FACT_AFTER.has(after.text)) return true;
  // The name of a keyword argument or an object key, not its value: `f(secret_key=...)`, `{ jwtSecret: ... }`.
  const next = ts[end];
  if (isOp(next, '=') && end + 1 < limit) return true;
  if (isOp(next, ':') && isOp(ts[ts[start]?.parent ?? -1], '{')) return true;
  let p = ts[start]?.parent ?? -1;
  for (let steps = 0; steps < 16 && p >= 0 && p !== logOpen; steps++) {
    const bracket = ts[p];
    if (isOp(bracket, '(')) {
      const callee = calleeOf(ctx, ts, p);
      const name = callee?.segments[callee.segments.length - 1] ?? '';
      const lower = name.toLowerCase();
      if (MEASURING_CALLS.has(name) || lower.includes('mask') || lower.includes('redact')) return true;
    }
    p = bracket?.parent ?? -1;
  }
  return false;
}

/** After a mention, past trailing calls, subscripts and members: `SECRET_KEY[:20].decode()`. */
function primaryEnd(ctx: CodeContext, ts: Token[], k: number, limit: number): number {
  let j = k;
  for (let steps = 0; steps < 16 && j < limit; steps++) {
    const t = ts[j];
    if (!t) break;
    if ((isOp(t, '(') || isOp(t, '[')) && t.match > j) {
      j = t.match + 1;
      continue;
    }
    if (t.kind === 'op' && ctx.spec.memberSeps.has(t.text) && ts[j + 1]?.kind === 'id') {
      j += 2;
      continue;
    }
    break;
  }
  return j;
}
