export { charMeasures, type CharMeasures, wordMeasures, type WordMeasures } from "./measures";
export {
  type CharacterOutput,
  type EditCounts,
  JiwerInputError,
  processCharacters,
  type ProcessOptions,
  processWords,
  type TextInput,
  type WordOutput,
} from "./process";
export type { AlignmentChunk } from "./opcodes";
export { TRANSFORM_NAMES, type TransformName } from "./transforms";
export { visualizeAlignment, type VisualizeOptions } from "./visualize";
