// tamis for VS Code: starts `tamis lsp` for the corpus files of a folder with a tamis.toml (or
// the globs the settings name), mirrors the settings into the server, and adds commands and a
// status bar item.
import * as cp from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";
import {
  ExecuteCommandRequest,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
} from "vscode-languageclient/node";

let client: LanguageClient | undefined;
let output: vscode.OutputChannel;
let status: vscode.StatusBarItem;
let indexing: { state: string; done: number; total: number } | undefined;

const EXE = process.platform === "win32" ? "tamis.exe" : "tamis";

/** The server binary: the setting, else the one bundled in the .vsix, else `tamis` on the PATH. */
export function findServer(context: vscode.ExtensionContext): string | undefined {
  const configured = vscode.workspace.getConfiguration("tamis").get<string>("server.path");
  if (configured) {
    return fs.existsSync(configured) ? configured : undefined;
  }
  const bundled = context.asAbsolutePath(path.join("server", EXE));
  if (fs.existsSync(bundled)) {
    return bundled;
  }
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    const candidate = path.join(dir, EXE);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** The settings the user set (not the defaults), with the keys of tamis.toml. */
export function serverSettings(): Record<string, unknown> {
  const config = vscode.workspace.getConfiguration("tamis");
  const set = (key: string): unknown => {
    const i = config.inspect(key);
    return i?.workspaceFolderValue ?? i?.workspaceValue ?? i?.globalValue;
  };
  const out: Record<string, unknown> = {};
  const put = (section: string | undefined, key: string, value: unknown) => {
    if (value === undefined || value === "") {
      return;
    }
    if (section === undefined) {
      out[key] = value;
    } else {
      const s = (out[section] as Record<string, unknown>) ?? {};
      s[key] = value;
      out[section] = s;
    }
  };
  put(undefined, "files", set("files"));
  put(undefined, "exclude", set("exclude"));
  put(undefined, "rules", set("rules"));
  put("boilerplate", "min-docs", set("boilerplate.minDocs"));
  put("boilerplate", "min-ratio", set("boilerplate.minRatio"));
  put("boilerplate", "min-run", set("boilerplate.minRun"));
  put("boilerplate", "patterns", set("boilerplate.patterns"));
  put("boilerplate", "allow", set("boilerplate.allow"));
  put("email", "allow", set("email.allow"));
  put("phone", "default-region", set("phone.defaultRegion"));
  put("phone", "format", set("phone.format"));
  put("phone", "allow", set("phone.allow"));
  return out;
}

/** The documents tamis looks after: plain text, and the files the corpus globs name. */
function documentSelector(): { scheme: string; language?: string; pattern?: string }[] {
  const globs = vscode.workspace.getConfiguration("tamis").get<string[]>("files") ?? ["*.txt"];
  return [
    { scheme: "file", language: "plaintext" },
    ...globs.map((g) => ({ scheme: "file", pattern: g.includes("/") ? g : `**/${g}` })),
  ];
}

async function shouldStart(): Promise<boolean> {
  const found = await vscode.workspace.findFiles("**/tamis.toml", "**/node_modules/**", 1);
  if (found.length > 0) {
    return true;
  }
  const files = vscode.workspace.getConfiguration("tamis").inspect<string[]>("files");
  return Boolean(files?.workspaceValue ?? files?.workspaceFolderValue ?? files?.globalValue);
}

function updateStatus() {
  if (!client) {
    status.text = "$(circle-slash) tamis";
    status.tooltip = "tamis is not running";
  } else if (indexing && indexing.state === "indexing") {
    status.text = `$(sync~spin) tamis: indexing ${indexing.done}/${indexing.total}`;
    status.tooltip = "tamis is learning the corpus boilerplate";
  } else {
    let findings = 0;
    for (const [, diagnostics] of vscode.languages.getDiagnostics()) {
      findings += diagnostics.filter((d) => d.source === "tamis").length;
    }
    status.text = `$(check) tamis: ${findings} finding${findings === 1 ? "" : "s"}`;
    status.tooltip = indexing ? `${indexing.total} corpus files indexed; click for the Problems panel` : "Click for the Problems panel";
  }
  status.show();
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  const command = findServer(context);
  if (!command) {
    const configured = vscode.workspace.getConfiguration("tamis").get<string>("server.path");
    const why = configured
      ? `the file set in tamis.server.path (${configured}) does not exist`
      : "no tamis binary is bundled and none is on the PATH";
    const choice = await vscode.window.showErrorMessage(
      `tamis: cannot start the language server: ${why}. Build it with \`cargo install --path server\` ` +
        "(from the tamis repository) or set `tamis.server.path`.",
      "Open Settings",
    );
    if (choice === "Open Settings") {
      await vscode.commands.executeCommand("workbench.action.openSettings", "tamis.server.path");
    }
    return;
  }
  // No `transport`: the client then talks over stdio without adding `--stdio` to the arguments.
  const serverOptions: ServerOptions = { command, args: ["lsp"] };
  const clientOptions: LanguageClientOptions = {
    documentSelector: documentSelector(),
    outputChannel: output,
    initializationOptions: serverSettings(),
  };
  client = new LanguageClient("tamis", "tamis", serverOptions, clientOptions);
  client.onNotification("tamis/indexStatus", (params: { state: string; done: number; total: number }) => {
    indexing = params;
    updateStatus();
  });
  await client.start();
  output.appendLine(`tamis: started ${command}`);
  updateStatus();
}

async function stop(): Promise<void> {
  const c = client;
  client = undefined;
  indexing = undefined;
  if (c) {
    await c.stop();
  }
  updateStatus();
}

/** The formats of *Export the entities of the workspace*: what `tamis` is run with, and where it writes. */
const EXPORT_FORMATS = [
  { id: "label-studio", label: "Label Studio", detail: "tasks with predictions, and the labeling configuration", target: "label-studio.json" },
  { id: "brat", label: "brat", detail: "standoff .txt and .ann files with annotation.conf", target: "brat" },
  { id: "conll", label: "CoNLL", detail: "one token and its BIO tag per line", target: "entities.conll" },
  { id: "spacy-jsonl", label: "spaCy JSON Lines", detail: "text and character spans per line", target: "spacy.jsonl" },
  { id: "jsonl", label: "tamis JSON Lines", detail: "one record per entity, with attributes (tamis entities)", target: "entities.jsonl" },
];

/**
 * Exports the entities of the first workspace folder into its `tamis-export` folder (which holds a
 * `.gitignore` of `*`, so that tamis and git leave the exported texts alone). The format is picked
 * from a list, or given as the command's argument.
 */
async function exportEntities(context: vscode.ExtensionContext, formatId?: string): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  const command = findServer(context);
  if (!folder || !command) {
    vscode.window.showErrorMessage("tamis: open a folder and make the tamis binary available first.");
    return;
  }
  const format =
    EXPORT_FORMATS.find((f) => f.id === formatId) ??
    (await vscode.window.showQuickPick(EXPORT_FORMATS, { title: "tamis: export the entities as" }));
  if (!format) {
    return;
  }
  const dir = vscode.Uri.joinPath(folder.uri, "tamis-export");
  await vscode.workspace.fs.createDirectory(dir);
  await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(dir, ".gitignore"), Buffer.from("*\n", "utf8"));
  const target = vscode.Uri.joinPath(dir, format.target);
  const args =
    format.id === "jsonl"
      ? ["entities", "--format", "jsonl", folder.uri.fsPath]
      : ["export", "--format", format.id, "-o", target.fsPath, folder.uri.fsPath];
  if (format.id === "label-studio") {
    args.push("--label-config", vscode.Uri.joinPath(dir, "label-config.xml").fsPath);
  }
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `tamis: exporting the entities (${format.label})` },
    () =>
      new Promise<void>((resolve) => {
        cp.execFile(command, args, { maxBuffer: 1 << 30 }, async (error, stdout, stderr) => {
          if (error && !(format.id === "jsonl" && stdout)) {
            vscode.window.showErrorMessage(`tamis ${args[0]} failed: ${stderr || error.message}`);
          } else {
            if (format.id === "jsonl") {
              await vscode.workspace.fs.writeFile(target, Buffer.from(stdout, "utf8"));
            }
            output.appendLine(stderr.trim());
            const note = stderr.split("\n").find((l) => l.includes("exported")) ?? "";
            vscode.window.showInformationMessage(`tamis: entities written to ${target.fsPath}. ${note.replace("tamis: note: ", "")}`);
            if (format.id !== "brat") {
              await vscode.window.showTextDocument(target);
            }
          }
          resolve();
        });
      }),
  );
}

/** Writes the workspace's report (`tamis report`) into the extension's storage and shows it in
 * a webview panel (scripts off; the page has none), with a button to open it in the browser. */
async function openReport(context: vscode.ExtensionContext): Promise<string | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  const command = findServer(context);
  if (!folder || !command) {
    vscode.window.showErrorMessage("tamis: open a folder and make the tamis binary available first.");
    return undefined;
  }
  const dir = context.storageUri ?? context.globalStorageUri;
  await vscode.workspace.fs.createDirectory(dir);
  const target = vscode.Uri.joinPath(dir, "tamis-report.html");
  const ok = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: "tamis: writing the corpus report" },
    () =>
      new Promise<boolean>((resolve) => {
        cp.execFile(command, ["report", folder.uri.fsPath, "-o", target.fsPath], { maxBuffer: 1 << 26 },
          (error, _stdout, stderr) => {
            if (error && error.code !== 2) {
              vscode.window.showErrorMessage(`tamis report failed: ${stderr || error.message}`);
              resolve(false);
            } else {
              resolve(true);
            }
          });
      }),
  );
  if (!ok) {
    return undefined;
  }
  const html = Buffer.from(await vscode.workspace.fs.readFile(target)).toString("utf8");
  const panel = vscode.window.createWebviewPanel("tamis.report", "tamis report", vscode.ViewColumn.Active, {
    enableScripts: false,
    localResourceRoots: [],
  });
  panel.webview.html = html;
  void vscode.window
    .showInformationMessage(`tamis: report written to ${target.fsPath}`, "Open in Browser")
    .then((choice) => {
      if (choice) {
        void vscode.env.openExternal(target);
      }
    });
  return target.fsPath;
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel("tamis");
  status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 10);
  status.command = "workbench.actions.view.problems";
  context.subscriptions.push(output, status);
  context.subscriptions.push(
    vscode.commands.registerCommand("tamis.fixAllInWorkspace", async () => {
      if (!client) {
        vscode.window.showWarningMessage("tamis: the language server is not running.");
        return;
      }
      await client.sendRequest(ExecuteCommandRequest.type, { command: "tamis.fixWorkspace", arguments: [] });
    }),
    vscode.commands.registerCommand("tamis.exportEntities", (format?: string) => exportEntities(context, format)),
    vscode.commands.registerCommand("tamis.restartServer", async () => {
      await stop();
      await start(context);
    }),
    vscode.commands.registerCommand("tamis.showOutput", () => output.show()),
    vscode.commands.registerCommand("tamis.openReport", () => openReport(context)),
    vscode.languages.onDidChangeDiagnostics(() => updateStatus()),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (!e.affectsConfiguration("tamis")) {
        return;
      }
      if (e.affectsConfiguration("tamis.server.path") || e.affectsConfiguration("tamis.files")) {
        await stop();
        await start(context);
      } else if (client) {
        // The server takes the keys of tamis.toml and applies them without a restart.
        await client.sendNotification("workspace/didChangeConfiguration", {
          settings: { tamis: serverSettings() },
        });
      }
    }),
  );
  // A tamis.toml created later starts the server.
  const watcher = vscode.workspace.createFileSystemWatcher("**/tamis.toml");
  watcher.onDidCreate(async () => {
    if (!client) {
      await start(context);
    }
  });
  context.subscriptions.push(watcher);
  if (await shouldStart()) {
    await start(context);
  } else {
    updateStatus();
  }
}

export function deactivate(): Thenable<void> | undefined {
  return client?.stop();
}
