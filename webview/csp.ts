// Imported right after zodConfig, so the listener sees everything that runs after it: the tests check that nothing
// was blocked (or that something tried).
export const cspViolations: string[] = [];
document.addEventListener("securitypolicyviolation", (e) => {
  cspViolations.push(`${e.violatedDirective} ${e.blockedURI} at ${e.sourceFile.split("/").pop() ?? ""}:${e.lineNumber}:${e.columnNumber} ${e.sample}`.trim());
});
