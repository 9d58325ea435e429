// Smoke checks that the harness works: a real VS Code, the fixture workspace,
// and the extension under development loaded and activatable.
import * as assert from "node:assert/strict";
import { realpathSync } from "node:fs";
import * as vscode from "vscode";

const EXTENSION_ID = "prompt-bench.prompt-bench";

suite("smoke", () => {
  test("runs inside VS Code 1.x", () => {
    assert.match(vscode.version, /^1\.\d+\.\d+/);
  });

  test("the fixture workspace folder is open", async () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.equal(folders.length, 1, `expected one workspace folder, got ${folders.map((f) => f.uri.toString())}`);
    const folder = folders[0].uri;
    assert.equal(folder.scheme, "file");
    const expected = process.env.PROMPT_BENCH_TEST_WORKSPACE;
    if (expected) assert.equal(realpathSync(folder.fsPath), realpathSync(expected));
    const readme = await vscode.workspace.fs.stat(vscode.Uri.joinPath(folder, "README.md"));
    assert.equal(readme.type, vscode.FileType.File);
  });

  test(`extension ${EXTENSION_ID} is present and activates`, async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} not found`);
    await ext.activate();
    assert.equal(ext.isActive, true);
  });
});
