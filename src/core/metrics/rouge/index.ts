export { type AggregateScore, type BootstrapOptions, bootstrapAggregate } from "./bootstrap";
export { meanScore, type RougeCorpusResult, rougeCorpus } from "./corpus";
export { punktSentences } from "./punkt";
export {
  createRougeScorer,
  type RougeOptions,
  type RougeScorer,
  type RougeScores,
  type RougeType,
  rougeScore,
  rougeScoreMulti,
} from "./rougeScore";
export { fmeasure, type RougeScore } from "./scoreParts";
export { makeTokenizer, type RougeTokenizer, tokenize } from "./tokenize";
