export { computeBleuFromStats, type BleuScore, type BleuStatsOptions } from "./computeBleu";
export { bleuSignature, corpusBleu, sentenceBleu, type BleuResult } from "./corpusBleu";
export { formatBleu } from "./format";
export { SMOOTH_DEFAULTS, type BleuOptions, type EmptyRefs, type SmoothMethod } from "./options";
export { pyFixed } from "./pyFixed";
export type { ReferenceStreams } from "./referenceStreams";
export { SIGNATURE_VERSION } from "./signature";
