export { corpusChrf, sentenceChrf, type ChrfResult } from "./corpusChrf";
export { chrfFScore } from "./fScore";
export { formatChrf } from "./format";
export { chrfName, chrfSignature, type ChrfOptions } from "./options";
