/**
 * Sentence splitting for rougeLsum's `split_summaries` option, which in rouge_score calls `nltk.sent_tokenize`
 * (Punkt with NLTK's trained English model). This is a port of NLTK's PunktSentenceTokenizer
 * (nltk/tokenize/punkt.py) run with EMPTY parameters: it has Punkt's rules (period contexts, initials, numbers,
 * ellipses, closing-punctuation realignment) but not the trained model's abbreviation list, collocations and
 * casing statistics, so "Dr. Smith" or "e.g. this" are split where NLTK's English model would not split them.
 */

const CLOSERS = "\u2018\u2019\u201c\u201d\u00ab\u00bb";
// Python's \s (str.isspace), which differs from JavaScript's: it has \x1c-\x1f and \x85 but not \ufeff.
const PY_SPACE_CHARS = String.raw`\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000`;
const S = `[${PY_SPACE_CHARS}]`;
const NS = `[^${PY_SPACE_CHARS}]`;
const PY_STRIP_END = new RegExp(`${S}+$`, "u");
const PY_BLANK = new RegExp(`^${S}*$`, "u");
const NON_WORD = `[)";}\\]*:@'({\\[${CLOSERS}?!]`;
const MULTI_CHAR = `(?:-{2,}|\\.{2,}|(?:\\.${S}){2,}\\.)`;
const WORD_START = String.raw`[^("\x60{\[:;&#*@)}\]\-,]`;
const WORD_RE = new RegExp(
  `${MULTI_CHAR}|(?=${WORD_START})${NS}+?(?=${S}|$|${NON_WORD}|${MULTI_CHAR}|,(?=$|${S}|${NON_WORD}|${MULTI_CHAR}))|${NS}`,
  "gu",
);
/** A possible sentence end, followed by other punctuation (group 1) or by whitespace and a token (group 2). */
const PERIOD_CONTEXT_RE = new RegExp(`[.?!](?=(${NON_WORD}|${S}+(${NS}+)))`, "gu");
// Sticky, not "^": with the "m" flag "^" would also match at a later line start.
const REALIGN_RE = new RegExp(`["')\\]}${CLOSERS}]+?(?:${S}+|(?=--)|$)`, "muy");
const NUMERIC_RE = /^-?[.,]?\p{Nd}[\p{Nd},.-]*\.?$/u; // Python's \d is any decimal digit
const INITIAL_RE = /^[\p{L}\p{N}_]\.$/u;
const DIGIT_START_RE = /^\p{Nd}/u;
const ASCII_SPACE = " \t\n\r\v\f";

interface Token {
  text: string;
  sentbreak: boolean;
  ellipsis: boolean;
}

/** Punkt's word tokenization of one context, line by line. */
function wordTokens(text: string): Token[] {
  const tokens: Token[] = [];
  for (const line of text.split("\n")) {
    if (PY_BLANK.test(line)) continue;
    for (const m of line.matchAll(WORD_RE)) tokens.push({ text: m[0], sentbreak: false, ellipsis: false });
  }
  return tokens;
}

/** First pass with no known abbreviations: ". ? !" and other period-final words are breaks; "..." is not. */
function firstPass(token: Token): void {
  const tok = token.text;
  if (tok === "." || tok === "?" || tok === "!") token.sentbreak = true;
  else if (/^\.\.+$/.test(tok)) token.ellipsis = true;
  else if (tok.endsWith(".") && !tok.endsWith("..")) token.sentbreak = true;
}

/** Punkt's orthographic heuristic with no casing statistics: false for punctuation and lowercase words. */
function orthoIsFalse(next: Token): boolean {
  if (";:,.!?".includes(next.text) && next.text.length === 1) return true;
  return /^\p{Lowercase}/u.test(next.text);
}

/** Second pass: initials and numbers before a lowercase word or punctuation are not breaks ("J. Bach", "3. of"). */
function secondPass(token: Token, next: Token): void {
  if (!token.text.endsWith(".")) return;
  const isInitial = INITIAL_RE.test(token.text) && !DIGIT_START_RE.test(token.text);
  const isNumber = NUMERIC_RE.test(token.text.toLowerCase());
  if (!isInitial && !isNumber) return;
  if (orthoIsFalse(next)) token.sentbreak = false;
  else if (isInitial && /^\p{Uppercase}/u.test(next.text)) token.sentbreak = false;
}

/** True when some token other than the last of the context is a sentence break. */
function containsSentbreak(context: string): boolean {
  const tokens = wordTokens(context);
  tokens.forEach(firstPass);
  for (let i = 0; i + 1 < tokens.length; i++) {
    secondPass(tokens[i], tokens[i + 1]);
    if (tokens[i].sentbreak) return true;
  }
  return false;
}

function lastAsciiSpace(text: string): number {
  for (let i = text.length - 1; i >= 0; i--) if (ASCII_SPACE.includes(text[i])) return i;
  return 0; // NLTK returns 0 for "not found" too, and the caller treats both alike.
}

interface EndContext {
  end: number; // index just after the sentence-ending character
  nextStart: number; // where the next sentence starts
  context: string;
}

/** NLTK's _match_potential_end_contexts: a candidate whose preceding word overlaps the next candidate's is dropped. */
function* endContexts(text: string): Generator<EndContext> {
  let prevStart = 0;
  let prevStop = 0;
  let prev: RegExpMatchArray | undefined;
  const emit = (m: RegExpMatchArray, start: number, stop: number): EndContext => {
    const index = m.index ?? 0;
    const afterTok = m[1];
    const nextStart = m[2] !== undefined ? index + 1 + afterTok.length - m[2].length : index + 1;
    return { end: index + 1, nextStart, context: text.slice(start, stop) + m[0] + afterTok };
  };
  for (const m of text.matchAll(PERIOD_CONTEXT_RE)) {
    const index = m.index ?? 0;
    let wordStart = lastAsciiSpace(text.slice(prevStop, index));
    wordStart = wordStart !== 0 ? wordStart + prevStop + 1 : prevStart;
    if (prev !== undefined && prevStop <= wordStart) yield emit(prev, prevStart, prevStop);
    prev = m;
    prevStart = wordStart;
    prevStop = index;
  }
  if (prev !== undefined) yield emit(prev, prevStart, prevStop);
}

/** Splits text into sentences as Punkt does with empty parameters (see the file comment). */
export function punktSentences(text: string): string[] {
  const slices: [number, number][] = [];
  let lastBreak = 0;
  for (const { end, nextStart, context } of endContexts(text)) {
    if (!containsSentbreak(context)) continue;
    slices.push([lastBreak, end]);
    lastBreak = nextStart;
  }
  slices.push([lastBreak, text.replace(PY_STRIP_END, "").length]);
  // Realign closing quotes and brackets that follow a break onto the sentence they close ("(Sent1.) Sent2.").
  const out: string[] = [];
  let realign = 0;
  for (let i = 0; i < slices.length; i++) {
    const start = slices[i][0] + realign;
    const stop = slices[i][1];
    const next = slices[i + 1];
    REALIGN_RE.lastIndex = 0;
    const m = next === undefined ? null : REALIGN_RE.exec(text.slice(next[0], next[1]));
    if (next !== undefined && m !== null) {
      out.push(text.slice(start, next[0] + m[0].replace(PY_STRIP_END, "").length));
      realign = m[0].length;
    } else {
      realign = 0;
      if (text.slice(start, stop) !== "") out.push(text.slice(start, stop));
    }
  }
  return out;
}
