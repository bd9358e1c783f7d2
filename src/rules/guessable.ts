/**
 * Values long enough to pass a length check that are still guessable: keyboard walks and
 * sequences (`qwertyuiop…`, `0123456789abcdef…`, `A1B2C3…`), home-row mashing (`asdfsdfasdf…`),
 * sentence-like phrases (`this-is-my-very-long-jwt-secret-for-dev`) and their leet spellings
 * (`Th1s1sMyS3cr3tK3yF0rJWTS1gn1ng`). Attackers' wordlists and rule sets (hashcat, jwt_tool)
 * generate exactly these. Every test here is calibrated so that random secrets (hex, base64,
 * base64url, Django's 50-character keys) never match: see test/rules/guessable.test.ts.
 */

export type Guessable = 'digits' | 'keyboard' | 'phrase';

/** Why a value is guessable, or null. */
export function guessableShape(value: string): Guessable | null {
  const v = value.trim();
  if (v.length === 0 || v.length > 512) return null;
  if (/^\d+$/.test(v)) return 'digits';
  if (v.length >= 8 && isKeyboardWalk(v)) return 'keyboard';
  if (v.length >= 16 && isPhrase(v)) return 'phrase';
  return null;
}

export function describeGuessable(kind: Guessable): string {
  switch (kind) {
    case 'digits':
      return 'it is all digits (a PIN-like number is among the first values any cracker tries)';
    case 'keyboard':
      return 'it is a keyboard walk or character sequence (cracking wordlists generate these)';
    case 'phrase':
      return 'it is made of dictionary words (a phrase, possibly in leet spelling), which cracking rules generate';
  }
}

// ---------------------------------------------------------------------------------------------
// Keyboard walks and sequences

const ROWS = ['`1234567890-=', 'qwertyuiop[]\\', "asdfghjkl;'", 'zxcvbnm,./'];
const COLUMNS = ['1qaz', '2wsx', '3edc', '4rfv', '5tgb', '6yhn', '7ujm', '8ik,', '9ol.', '0p;/'];
const SEQUENCES = ['0123456789abcdefghijklmnopqrstuvwxyz'];

/** Pairs of characters next to each other on a US keyboard or in a sequence, both directions. */
const NEIGHBOURS: ReadonlySet<string> = (() => {
  const out = new Set<string>();
  for (const line of [...ROWS, ...COLUMNS, ...SEQUENCES]) {
    for (let i = 0; i + 1 < line.length; i++) {
      out.add(line.charAt(i) + line.charAt(i + 1));
      out.add(line.charAt(i + 1) + line.charAt(i));
    }
  }
  return out;
})();

const ROW_OF: ReadonlyMap<string, number> = new Map(ROWS.flatMap((row, r) => [...row].map((c) => [c, r] as [string, number])));

/**
 * A walk: most neighbouring characters (or every other one, for interleaved runs like `A1B2C3`)
 * are keyboard or sequence neighbours or repeats; or nearly every letter is from one keyboard row.
 * On random base64 about one pair in six is a neighbour pair; a walk has three in four or more.
 */
function isKeyboardWalk(value: string): boolean {
  const v = value.toLowerCase();
  const lagShare = (lag: number): number => {
    let hits = 0;
    let pairs = 0;
    for (let i = 0; i + lag < v.length; i++) {
      pairs++;
      const a = v.charAt(i);
      const b = v.charAt(i + lag);
      if (a === b || NEIGHBOURS.has(a + b)) hits++;
    }
    return pairs === 0 ? 0 : hits / pairs;
  };
  if (lagShare(1) >= 0.7 || (v.length >= 12 && lagShare(2) >= 0.8)) return true;
  // Mashing one row: `asdkjhasdkjhasd`. A random 32-letter string has about a third from each row.
  if (v.length >= 16) {
    const counts = [0, 0, 0, 0];
    let letters = 0;
    for (const ch of v) {
      const row = ROW_OF.get(ch);
      if (row === undefined || row === 0) continue;
      letters++;
      counts[row] = (counts[row] ?? 0) + 1;
    }
    if (letters >= v.length * 0.8 && Math.max(...counts) >= letters * 0.9) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Phrases and leet

/**
 * Words secrets are made of when a person writes them. A list of our own: the vocabulary of the
 * placeholder and tutorial secrets seen in public code, plus the commonest English words.
 */
const WORDS: ReadonlySet<string> = new Set(
  `the and for are but not you all any can had her was one our out day get has him his how man new now old see two way who
  its let put say she too use this that with have from they know want been good much some time very when come here just
  like long make many more only over such take than them well were what your into also back after most give find tell ask
  work seem feel try leave call keep never always every other another first last next same own right left real really
  secret secrets key keys jwt token tokens sign signing signature session sessions cookie cookies auth authentication
  authorization login password passwords pass word words phrase private public super ultra mega hyper random string strong
  strings hard guess guessable change changed please production prod development dev develop local test testing tests
  staging default defaults sample example examples demo temp temporary dummy fake placeholder replace here there app apps
  application api service services server client user users admin root access refresh encryption encrypt crypto hash
  salt value values config configuration setting settings env environment project company team my mine me we us it is
  be do go no so up on in at to of or an as by if safe unsafe secure insecure security protect protected hidden hide
  shared share internal external web site website backend frontend node express django flask rails laravel spring nest
  next react vue angular java python ruby php golang rust code coding hello world welcome foo bar baz qux lorem ipsum
  dolor amet cat dog keyboard monkey dragon love life live open close door lock unlock master slave main primary backup
  generate generated create created new secure long longer longest short big small little great best better awesome cool
  nice fun funny magic unicorn rainbow banana apple orange coffee pizza beer blue red green black white dark light night
  until must should would could will shall need needs make made used using only also least characters chars character
  bits bytes length minimum maximum enough none nothing something anything everything thing things stuff
  supersecret topsecret secretkey mysecret jwtsecret ever even yet still again because while where which why
  don dont cant wont isnt quick brown fox jumps lazy nobody body anybody somebody everybody anyone someone everyone nowhere
  think thought know known knew say said tell told see seen look looked find found give given take taken come came go went
  gone get got make made put run ran walk talk speak write read wrote written sign signed store stored save saved send sent
  hope wish guess guessed remember forget forgot believe trust trusted sure maybe perhaps probably surely certainly indeed
  about above across against along among around before behind below beneath beside between beyond down during except
  inside near off onto outside since through throughout toward under upon within without day days week year years today
  tomorrow yesterday morning evening time times forever home house room world earth sky sun moon star stars water fire
  ice wind stone rock tree forest river sea ocean mountain city town country king queen prince princess god gods hero
  mister miss friend friends family mother father brother sister baby child children boy girl people person human humans
  head face eye eyes hand hands heart mind soul blood bone power force energy speed fast slow high low deep wide far
  happy sad angry crazy silly stupid smart clever wise simple easy difficult impossible possible important special
  perfect beautiful ugly pretty little tiny huge giant gold golden silver iron steel glass paper money cash bank card
  number numbers letter letters name names text file files data database db system systems network internet email mail
  phone computer machine robot digital virtual cloud docker kubernetes github gitlab linux windows mac
  one two three four five six seven eight nine ten hundred thousand million first second third`
    .split(/\s+/)
    .filter((w) => w.length > 0),
);

/** Leet and symbol spellings a person uses to dress up a word (`S3cr3tK3y`, `p@ssw0rd`, `$ecret`). */
const LEET: Readonly<Record<string, string>> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '9': 'g', '$': 's', '@': 'a', '!': 'i', '+': 't' };

/**
 * Phrase-like: once leet is read back as letters, dictionary words of three or more letters
 * cover most of the value. Random secrets of any usual alphabet do not: a few three-letter words
 * turn up by chance, far short of most of the value.
 */
function isPhrase(value: string): boolean {
  const text = [...value.toLowerCase()].map((c) => LEET[c] ?? c).join('');
  const runs = text.split(/[^a-z]+/).filter((r) => r.length > 0);
  let covered = 0;
  let words = 0;
  let letters = 0;
  for (const run of runs) {
    letters += run.length;
    const seg = segment(run);
    covered += seg.covered;
    words += seg.words;
  }
  if (words < 3 || letters < text.length * 0.6) return false;
  return covered >= letters * 0.75;
}

/** The most letters of `run` that dictionary words can cover (dynamic programming over positions). */
function segment(run: string): { covered: number; words: number } {
  const n = run.length;
  if (n > 128) return { covered: 0, words: 0 };
  // best[i]: the most letters covered in run[0, i), and the words used for it.
  const best: { covered: number; words: number }[] = [{ covered: 0, words: 0 }];
  for (let i = 1; i <= n; i++) {
    const prev = best[i - 1] ?? { covered: 0, words: 0 };
    let top = { covered: prev.covered, words: prev.words };
    for (let len = 2; len <= Math.min(14, i); len++) {
      const w = run.slice(i - len, i);
      if (!WORDS.has(w)) continue;
      const from = best[i - len] ?? { covered: 0, words: 0 };
      const cand = { covered: from.covered + len, words: from.words + (len >= 3 ? 1 : 0) };
      if (cand.covered > top.covered) top = cand;
    }
    best.push(top);
  }
  return best[n] ?? { covered: 0, words: 0 };
}
