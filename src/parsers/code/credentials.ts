import { memoize, type CodeContext } from './language.js';
import { bindingsOf, isVisibleAt, type LocalBinding } from './locals.js';
import type { Token } from './tokens.js';
import { calleeOf, chainStartBefore, isChainStart, isOp, plainLiteral } from './walk.js';

/**
 * Credentials a request carries: the `Authorization` header (a bearer token, or Basic
 * `client_id:client_secret`) and the names a file binds to it or to something made from it
 * (`String auth = req.getHeader("Authorization"); String decoded = new String(decode(auth))`,
 * `token = request.headers.get("Authorization").split()[1]`). Logging one of them writes the
 * caller's credential to the log.
 */

/** The key id logged uses of such a credential get. */
export const AUTHORIZATION_KEY = 'AUTHORIZATION';

/** Header names that hold a credential: `Authorization`, `Proxy-Authorization`, Django's `HTTP_AUTHORIZATION`. */
const CREDENTIAL_HEADER = /^(proxy[-_])?authorization$|^http_authorization$/i;
/** Members and calls after the credential that turn it into a fact (its length, a prefix check). */
const FACT_MEMBERS = /^(length|size|len|isEmpty|isBlank|startsWith|startswith|start_with\?|hasPrefix|HasPrefix|equals|contains|includes|matches|test)$/;
const FACT_CALLS = /^(isEmpty|isNotEmpty|isBlank|isNotBlank|hasText|hasLength|isNull|nonNull|len|bool|isinstance|Boolean|isNullOrEmpty|IsNullOrEmpty|IsNullOrWhiteSpace|strlen|empty|isset|is_null)$/;
const COMPARISONS = new Set(['==', '!=', '===', '!==', 'is', 'in', 'not', '!', 'instanceof']);

/**
 * Where the token range [s, e) reads the credential header: `getHeader("Authorization")`,
 * `headers.get('authorization')`, `req.headers['authorization']`, `req.headers.authorization`,
 * `request.META["HTTP_AUTHORIZATION"]`, `HttpHeaders.AUTHORIZATION`. Returns the first token of
 * the expression that reads it (`req` of `req.getHeader(...)`), or -1.
 */
export function headerReadIn(ctx: CodeContext, ts: Token[], s: number, e: number): number {
  for (let k = s; k < e; k++) {
    const t = ts[k];
    if (!t) break;
    const lit = plainLiteral(t);
    const parent = ts[t.parent];
    if (lit && CREDENTIAL_HEADER.test(lit.value) && isOp(parent, '(')) {
      const callee = calleeOf(ctx, ts, t.parent);
      if (callee && callee.start >= s) return callee.start;
    }
    if (lit && CREDENTIAL_HEADER.test(lit.value) && isOp(parent, '[') && parent) {
      const start = chainStartBefore(ctx, ts, parent.match);
      if (start >= s) return start;
    }
    if (t.kind === 'id' && CREDENTIAL_HEADER.test(t.text) && ts[k - 1]?.kind === 'op' && ctx.spec.memberSeps.has(ts[k - 1]?.text ?? '')) {
      const start = chainStartBefore(ctx, ts, k);
      // `getHeader(HttpHeaders.AUTHORIZATION)`: the constant names the header the call reads.
      const open = ts[start]?.parent ?? -1;
      const callee = isOp(ts[open], '(') && isOp(ts[k + 1], ')') && open === start - 1 ? calleeOf(ctx, ts, open) : null;
      if (callee && callee.start >= s) return callee.start;
      if (start >= s) return start;
    }
  }
  return -1;
}

/**
 * True when the expression starting at `k` (a credential or its read) is only measured or
 * compared before `limit`: `auth.length`, `auth.startsWith("Bearer ")`, `auth != null`,
 * `isEmpty(auth)`, `not auth`.
 */
export function isOnlyAFact(ctx: CodeContext, ts: Token[], k: number, limit: number): boolean {
  const before = ts[k - 1];
  if (before && (before.kind === 'op' || before.kind === 'id') && COMPARISONS.has(before.text)) return true;
  let j = k + 1;
  for (let steps = 0; steps < 32 && j < limit; steps++) {
    const t = ts[j];
    if (!t) break;
    if ((isOp(t, '(') || isOp(t, '[')) && t.match > j) {
      j = t.match + 1;
      continue;
    }
    const member = ts[j + 1];
    if (t.kind === 'op' && ctx.spec.memberSeps.has(t.text) && member?.kind === 'id') {
      if (FACT_MEMBERS.test(member.text)) return true;
      j += 2;
      continue;
    }
    break;
  }
  const after = ts[j];
  if (after && (after.kind === 'op' || after.kind === 'id') && COMPARISONS.has(after.text)) return true;
  let p = ts[k]?.parent ?? -1;
  for (let steps = 0; steps < 4 && p >= 0; steps++) {
    if (isOp(ts[p], '(') && FACT_CALLS.test(ts[p - 1]?.text ?? '')) return true;
    p = ts[p]?.parent ?? -1;
  }
  return false;
}

/** The bindings (token indices of the bound names) that hold the credential header or a value made from it. */
export function credentialBindings(ctx: CodeContext): Set<number> {
  return memoize(ctx, 'credentials.bindings', () => findCredentialBindings(ctx));
}

function findCredentialBindings(ctx: CodeContext): Set<number> {
  const ts = ctx.tokens;
  const out = new Set<number>();
  if (!/authorization/i.test(ctx.text)) return out;
  const all: LocalBinding[] = [];
  for (const list of bindingsOf(ctx).values()) all.push(...list);
  all.sort((x, y) => x.tok - y.tok);
  for (const b of all) {
    const read = headerReadIn(ctx, ts, b.start, b.end);
    if ((read >= 0 && !isOnlyAFact(ctx, ts, read, b.end)) || (read < 0 && derivesFromCredential(ctx, ts, out, b))) out.add(b.tok);
  }
  return out;
}

/** A binding whose value uses a credential name (not only its length or a comparison). */
function derivesFromCredential(ctx: CodeContext, ts: Token[], found: Set<number>, b: LocalBinding): boolean {
  if (found.size === 0) return false;
  for (let k = b.start; k < b.end; k++) {
    const t = ts[k];
    if (t?.kind !== 'id' || !isChainStart(ctx, ts, k) || !holdsCredential(ctx, ts, found, k)) continue;
    if (!isOnlyAFact(ctx, ts, k, b.end)) return true;
  }
  return false;
}

/** True when the name at token `k` stands for a credential: its nearest binding in scope holds one. */
export function isCredentialAt(ctx: CodeContext, ts: Token[], k: number): boolean {
  return holdsCredential(ctx, ts, credentialBindings(ctx), k);
}

function holdsCredential(ctx: CodeContext, ts: Token[], found: Set<number>, k: number): boolean {
  if (found.size === 0) return false;
  let nearest: LocalBinding | undefined;
  for (const b of bindingsOf(ctx).get(ts[k]?.text ?? '') ?? []) if (b.tok < k && isVisibleAt(ts, b.tok, k)) nearest = b;
  return nearest !== undefined && found.has(nearest.tok);
}

/** For names inside an interpolation (its own tokens): the nearest binding of `name` before `offset` in the file holds a credential. */
export function isCredentialNamed(ctx: CodeContext, name: string, offset: number): boolean {
  const found = credentialBindings(ctx);
  if (found.size === 0) return false;
  let nearest: LocalBinding | undefined;
  for (const b of bindingsOf(ctx).get(name) ?? []) if ((ctx.tokens[b.tok]?.start ?? offset) < offset) nearest = b;
  return nearest !== undefined && found.has(nearest.tok);
}
