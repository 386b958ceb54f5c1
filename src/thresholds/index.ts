/** The indicator matcher and the significant-harm net: a question and a pack in, a Decision out. */
export { indexesFor, entryTexts, analyseEntries, type Match, type PackIndex } from "./index-build.js";
export { INDEX_ARTEFACT_FILE, analysisKey, packAnalysis, readIndexArtefact, precomputedAnalysis } from "./index-artefact.js";
export { decide, describesSignificantHarm, levelsByTier, type Decision } from "./decide.js";
export { harmFamilies, harmNet, compileNet, harmNetArtefact, harmNetKey, readHarmNetArtefact, HARM_NET_ARTEFACT_FILE } from "./harm-net.js";
export { weights } from "./weights.js";
export { isEnglishWord } from "./english.js";
export { oneQuestion } from "./question-memo.js";
