/**
 * Porter stemmer, NLTK's default mode (`PorterStemmer()` = `NLTK_EXTENSIONS`), which is what rouge_score uses.
 * Written from the rules of Porter (1980) with NLTK's departures, each marked "NLTK:" below
 * (nltk/stem/porter.py). Expects lowercase input; rouge_score only passes [a-z0-9] tokens.
 */

/** A suffix rule: the suffix, its replacement, and the condition on the stem left after removing it. */
type Rule = readonly [suffix: string, replacement: string, condition: ((stem: string) => boolean) | null];

/** NLTK: irregular forms that bypass the algorithm. */
const IRREGULAR: ReadonlyMap<string, string> = new Map([
  ["sky", "sky"], ["skies", "sky"], ["dying", "die"], ["lying", "lie"], ["tying", "tie"], ["news", "news"],
  ["innings", "inning"], ["inning", "inning"], ["outings", "outing"], ["outing", "outing"],
  ["cannings", "canning"], ["canning", "canning"], ["howe", "howe"],
  ["proceed", "proceed"], ["exceed", "exceed"], ["succeed", "succeed"],
]);

const isVowelLetter = (ch: string): boolean => ch === "a" || ch === "e" || ch === "i" || ch === "o" || ch === "u";

/** Consonant flag per character: 'y' is a consonant at the start or after a vowel, a vowel after a consonant. */
function consonantFlags(word: string): boolean[] {
  const flags: boolean[] = [];
  for (let i = 0; i < word.length; i++) {
    const ch = word[i];
    flags.push(isVowelLetter(ch) ? false : ch === "y" ? i === 0 || !flags[i - 1] : true);
  }
  return flags;
}

const isConsonant = (word: string, i: number): boolean => consonantFlags(word.slice(0, i + 1))[i];

/** m in [C](VC){m}[V]: the number of vowel→consonant transitions. */
function measure(stem: string): number {
  const flags = consonantFlags(stem);
  let m = 0;
  for (let i = 1; i < flags.length; i++) if (!flags[i - 1] && flags[i]) m++;
  return m;
}

const positiveMeasure = (stem: string): boolean => measure(stem) > 0;
const measureAbove1 = (stem: string): boolean => measure(stem) > 1;
const containsVowel = (stem: string): boolean => consonantFlags(stem).some((c) => !c);

/** *d: ends with a double consonant. */
const endsDoubleConsonant = (word: string): boolean =>
  word.length >= 2 && word[word.length - 1] === word[word.length - 2] && isConsonant(word, word.length - 1);

/** *o: ends consonant-vowel-consonant, the last not w, x or y. NLTK: also a two-letter vowel-consonant word. */
function endsCvc(word: string): boolean {
  const n = word.length;
  if (n >= 3) {
    const f = consonantFlags(word);
    if (f[n - 3] && !f[n - 2] && f[n - 1] && !"wxy".includes(word[n - 1])) return true;
  }
  return n === 2 && !isConsonant(word, 0) && isConsonant(word, 1);
}

/**
 * Applies the first rule whose suffix matches; if its condition fails, no later rule is tried
 * (NLTK's _apply_rule_list, so e.g. a failed "ement" does not fall through to "ment").
 */
function applyRules(word: string, rules: readonly Rule[]): string {
  for (const [suffix, replacement, condition] of rules) {
    if (!word.endsWith(suffix)) continue;
    const stem = word.slice(0, word.length - suffix.length);
    return condition === null || condition(stem) ? stem + replacement : word;
  }
  return word;
}

function step1a(word: string): string {
  // NLTK: 'ties' -> 'tie' (four letters) but 'flies' -> 'fli'.
  if (word.endsWith("ies") && word.length === 4) return word.slice(0, -3) + "ie";
  return applyRules(word, [["sses", "ss", null], ["ies", "i", null], ["ss", "ss", null], ["s", "", null]]);
}

function step1b(word: string): string {
  // NLTK: 'died' -> 'die' (four letters) but 'spied' -> 'spi'.
  if (word.endsWith("ied")) return word.slice(0, -3) + (word.length === 4 ? "ie" : "i");
  if (word.endsWith("eed")) {
    const stem = word.slice(0, -3);
    return measure(stem) > 0 ? stem + "ee" : word;
  }
  let stem: string | undefined;
  for (const suffix of ["ed", "ing"]) {
    if (word.endsWith(suffix) && containsVowel(word.slice(0, -suffix.length))) {
      stem = word.slice(0, -suffix.length);
      break;
    }
  }
  if (stem === undefined) return word;
  if (stem.endsWith("at") || stem.endsWith("bl") || stem.endsWith("iz")) return stem + "e";
  // The *d rule matches on a double consonant, not a suffix; when it matches, later rules are not tried.
  if (endsDoubleConsonant(stem)) return "lsz".includes(stem[stem.length - 1]) ? stem : stem.slice(0, -1);
  return measure(stem) === 1 && endsCvc(stem) ? stem + "e" : stem;
}

/** NLTK: y -> i only after a consonant that is not the whole stem ('happy' -> 'happi', 'enjoy' stays). */
const step1c = (word: string): string =>
  applyRules(word, [["y", "i", (stem) => stem.length > 1 && isConsonant(stem, stem.length - 1)]]);

const STEP2_RULES: readonly Rule[] = [
  ["ational", "ate", positiveMeasure], ["tional", "tion", positiveMeasure], ["enci", "ence", positiveMeasure],
  ["anci", "ance", positiveMeasure], ["izer", "ize", positiveMeasure],
  ["bli", "ble", positiveMeasure], // NLTK (and Martin Porter's own code): "bli", not the paper's "abli".
  ["alli", "al", positiveMeasure], ["entli", "ent", positiveMeasure], ["eli", "e", positiveMeasure],
  ["ousli", "ous", positiveMeasure], ["ization", "ize", positiveMeasure], ["ation", "ate", positiveMeasure],
  ["ator", "ate", positiveMeasure], ["alism", "al", positiveMeasure], ["iveness", "ive", positiveMeasure],
  ["fulness", "ful", positiveMeasure], ["ousness", "ous", positiveMeasure], ["aliti", "al", positiveMeasure],
  ["iviti", "ive", positiveMeasure], ["biliti", "ble", positiveMeasure],
  ["fulli", "ful", positiveMeasure], // NLTK
];

function step2(word: string): string {
  // NLTK: "alli" -> "al" is tried first and the result goes through step 2 again.
  if (word.endsWith("alli") && positiveMeasure(word.slice(0, -4))) return step2(word.slice(0, -4) + "al");
  // NLTK: "logi" -> "log" keeps the 'l' with the stem for the measure ('geo-logi' works like 'archaeo-logi').
  return applyRules(word, [...STEP2_RULES, ["logi", "log", () => positiveMeasure(word.slice(0, -3))]]);
}

const STEP3_RULES: readonly Rule[] = [
  ["icate", "ic", positiveMeasure], ["ative", "", positiveMeasure], ["alize", "al", positiveMeasure],
  ["iciti", "ic", positiveMeasure], ["ical", "ic", positiveMeasure], ["ful", "", positiveMeasure],
  ["ness", "", positiveMeasure],
];

const STEP4_RULES: readonly Rule[] = [
  ["al", "", measureAbove1], ["ance", "", measureAbove1], ["ence", "", measureAbove1], ["er", "", measureAbove1],
  ["ic", "", measureAbove1], ["able", "", measureAbove1], ["ible", "", measureAbove1], ["ant", "", measureAbove1],
  ["ement", "", measureAbove1], ["ment", "", measureAbove1], ["ent", "", measureAbove1],
  ["ion", "", (stem) => measure(stem) > 1 && (stem.endsWith("s") || stem.endsWith("t"))],
  ["ou", "", measureAbove1], ["ism", "", measureAbove1], ["ate", "", measureAbove1], ["iti", "", measureAbove1],
  ["ous", "", measureAbove1], ["ive", "", measureAbove1], ["ize", "", measureAbove1],
];

/** Step 5a tries both E rules (m>1, then m=1 and not *o), unlike the other steps. */
function step5a(word: string): string {
  if (!word.endsWith("e")) return word;
  const stem = word.slice(0, -1);
  const m = measure(stem);
  return m > 1 || (m === 1 && !endsCvc(stem)) ? stem : word;
}

/** Step 5b: -ll -> -l when the measure of the word without its last letter is above 1. */
const step5b = (word: string): string => (word.endsWith("ll") && measure(word.slice(0, -1)) > 1 ? word.slice(0, -1) : word);

/** Stems one word as NLTK's `PorterStemmer().stem(word)` (which lowercases first). */
export function porterStem(word: string): string {
  const lower = word.toLowerCase();
  const irregular = IRREGULAR.get(lower);
  if (irregular !== undefined) return irregular;
  // NLTK: words of one or two characters are returned unchanged.
  if (lower.length <= 2) return lower;
  let stem = step1c(step1b(step1a(lower)));
  stem = applyRules(step2(stem), STEP3_RULES);
  return step5b(step5a(applyRules(stem, STEP4_RULES)));
}
