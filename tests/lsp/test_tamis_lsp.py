"""The release binary over stdio, driven by pytest-lsp with real editors' recorded capabilities."""
import asyncio

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from conftest import RECORDED, SERVER, recorded_capabilities, uses_utf8

SEED_002 = "002_5ad4ddfa5634b5fc.txt"


@pytest_lsp.fixture(params=RECORDED, config=ClientServerConfig(server_command=SERVER))
async def client(request, lsp_client: LanguageClient, workspace):
    caps = recorded_capabilities(request.param)
    result = await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=caps,
            root_uri=workspace.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=workspace.as_uri(), name="corpus")],
        )
    )
    lsp_client.utf8 = uses_utf8(caps)
    # tamis offers pull diagnostics only to clients that can be asked to pull again.
    lsp_client.pulls = bool(
        caps.text_document
        and caps.text_document.diagnostic
        and caps.workspace
        and caps.workspace.diagnostics
        and caps.workspace.diagnostics.refresh_support
    )
    lsp_client.workspace = workspace
    lsp_client.server_result = result
    lsp_client.applied = []

    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams):
        return None

    @lsp_client.feature(types.WORKSPACE_APPLY_EDIT)
    def apply_edit(params: types.ApplyWorkspaceEditParams):
        lsp_client.applied.append(params.edit)
        return types.ApplyWorkspaceEditResult(applied=True)

    yield
    await lsp_client.shutdown_session()




def open_seed(client: LanguageClient, name: str) -> tuple[str, str]:
    path = client.workspace / name
    text = path.read_text(encoding="utf-8")
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="plaintext", version=1, text=text)
        )
    )
    return uri, text


async def current_diagnostics(client: LanguageClient, uri: str) -> list[types.Diagnostic]:
    """Pushed diagnostics, or pulled ones for clients that declare pull support."""
    if client.pulls:
        report = await client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri))
        )
        return report.items
    return client.diagnostics.get(uri, [])


async def corpus_diagnostics(client: LanguageClient, uri: str) -> list[types.Diagnostic]:
    """Waits until the diagnostics of `uri` include the corpus-confirmed boilerplate."""
    for _ in range(100):
        diags = await current_diagnostics(client, uri)
        if any(d.code == "boilerplate-corpus" for d in diags):
            return diags
        await asyncio.sleep(0.05)
    raise AssertionError(f"no corpus diagnostics for {uri}: {client.diagnostics.get(uri)}")


def offset(text: str, position: types.Position, utf8: bool) -> int:
    """The string index of an LSP position (lines end at \\n, \\r\\n and \\r)."""
    lines = text.splitlines(keepends=True)
    line = lines[position.line] if position.line < len(lines) else ""
    before = sum(len(l) for l in lines[: position.line])
    units = 0
    for i, ch in enumerate(line):
        if units >= position.character or ch in "\r\n":
            return before + i
        units += len(ch.encode("utf-8")) if utf8 else len(ch.encode("utf-16-le")) // 2
    return before + len(line)


def apply(text: str, edits: list[types.TextEdit], utf8: bool) -> str:
    spans = sorted(((offset(text, e.range.start, utf8), offset(text, e.range.end, utf8), e.new_text) for e in edits), reverse=True)
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text


async def test_negotiates_the_position_encoding(client: LanguageClient):
    expected = "utf-8" if client.utf8 else "utf-16"
    assert client.server_result.capabilities.position_encoding == expected


async def test_diagnostics_on_a_seed_file(client: LanguageClient):
    uri, text = open_seed(client, SEED_002)
    diags = await corpus_diagnostics(client, uri)
    codes = sorted(d.code for d in diags if d.code.split("-")[0] in ("boilerplate", "email", "phone"))
    assert "hard-wrap" in {d.code for d in diags}
    assert codes == [
        "boilerplate-corpus",
        "email-html-remnant",
        "email-html-remnant",
        "phone-malformed",
        "phone-malformed",
    ]
    remnant = next(d for d in diags if d.code == "email-html-remnant")
    start, end = offset(text, remnant.range.start, client.utf8), offset(text, remnant.range.end, client.utf8)
    assert text[start:end] == '"mailto:mmacchiavello@iom.int">mmacchiavello@iom.int'
    assert remnant.data["fix"]["applicability"] == "safe"


async def test_hover_on_an_email(client: LanguageClient):
    uri, text = open_seed(client, SEED_002)
    line = text.splitlines().index('"mailto:mmacchiavello@iom.int">mmacchiavello@iom.int')
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=line, character=12))
    )
    assert hover is not None
    assert "### Email `mmacchiavello@iom.int`" in hover.contents.value
    assert "| Valid | yes |" in hover.contents.value


async def test_quick_fix_applied(client: LanguageClient):
    uri, text = open_seed(client, SEED_002)
    diags = await corpus_diagnostics(client, uri)
    remnant = next(d for d in diags if d.code == "email-html-remnant")
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=remnant.range,
            context=types.CodeActionContext(diagnostics=[remnant]),
        )
    )
    preferred = [a for a in actions if isinstance(a, types.CodeAction) and a.is_preferred]
    assert preferred, actions
    fixed = apply(text, preferred[0].edit.changes[uri], client.utf8)
    assert "\nE-mail: mmacchiavello@iom.int\nou\n" in fixed


async def test_fix_all_applied(client: LanguageClient):
    uri, text = open_seed(client, SEED_002)
    await corpus_diagnostics(client, uri)
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=0)),
            context=types.CodeActionContext(diagnostics=[], only=["source.fixAll.tamis"]),
        )
    )
    assert len(actions) == 1
    fixed = apply(text, actions[0].edit.changes[uri], client.utf8)
    assert fixed.startswith("L'OIM intensifie ses efforts de lutte contre la traite sur Hispaniola\n")
    assert "mailto" not in fixed
    assert "Tel: +509 32 45 5153\n" in fixed


async def test_fix_workspace_command(client: LanguageClient):
    open_seed(client, SEED_002)
    if client.server_result.capabilities.execute_command_provider is None:
        pytest.skip("no commands")
    await corpus_diagnostics(client, (client.workspace / SEED_002).as_uri())
    result = await client.workspace_execute_command_async(types.ExecuteCommandParams(command="tamis.fixWorkspace", arguments=[]))
    assert result["files"] == 5
    assert len(client.applied) == 1


SEED_001 = "001_b417fa7bed7d0b7d.txt"


def position_of(text: str, index: int, utf8: bool) -> types.Position:
    before = text[:index]
    line = before.count("\n")
    start = before.rfind("\n") + 1
    chunk = text[start:index]
    units = len(chunk.encode("utf-8")) if utf8 else len(chunk.encode("utf-16-le")) // 2
    return types.Position(line=line, character=units)


async def test_entity_hover_with_role_and_corpus_count(client: LanguageClient):
    uri, text = open_seed(client, SEED_001)
    await corpus_diagnostics(client, uri)  # the corpus is indexed
    at = position_of(text, text.index("Volda Lawrence") + 3, client.utf8)
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=at)
    )
    assert hover is not None
    value = hover.contents.value
    assert value.startswith("### Person `Volda Lawrence`")
    assert "| Role | Ministre de la protection sociale |" in value
    assert "Named in 1 of the 5 indexed corpus files." in value


async def test_outline_groups_entities_by_type(client: LanguageClient):
    uri, text = open_seed(client, SEED_001)
    symbols = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    groups = {s.name.split(" (")[0]: [c.name for c in s.children] for s in symbols}
    assert "Volda Lawrence" in groups["People"]
    assert "Nathalie Hanley" in groups["Contacts"]
    assert "nhanley@iom.int" in groups["Emails"]
    assert "Ministère de la protection sociale" in groups["Organisations"]
    for s in symbols:  # a group's range holds its children
        for c in s.children:
            assert (s.range.start.line, s.range.start.character) <= (c.range.start.line, c.range.start.character)
            assert (c.range.end.line, c.range.end.character) <= (s.range.end.line, s.range.end.character)


async def test_workspace_symbols_search_the_indexed_corpus(client: LanguageClient):
    uri, _ = open_seed(client, SEED_001)
    await corpus_diagnostics(client, uri)
    found = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query="@iom.int"))
    files = {s.location.uri.rsplit("/", 1)[-1][:3] for s in found}
    assert files == {"000", "001", "002", "003", "004"}


async def test_semantic_tokens_colour_the_entities(client: LanguageClient):
    uri, text = open_seed(client, SEED_001)
    legend = client.server_result.capabilities.semantic_tokens_provider.legend.token_types
    tokens = await client.text_document_semantic_tokens_full_async(
        types.SemanticTokensParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    lines = text.split("\n")
    line = col = 0
    seen = []
    for i in range(0, len(tokens.data), 5):
        dl, dc, length, kind, _ = tokens.data[i : i + 5]
        line, col = (line + dl, dc) if dl else (line, col + dc)
        raw = lines[line].encode("utf-8" if client.utf8 else "utf-16-le")
        width = 1 if client.utf8 else 2
        seen.append((legend[kind], raw[col * width : (col + length) * width].decode("utf-8" if client.utf8 else "utf-16-le")))
    assert ("person", "Volda Lawrence") in seen
    assert ("email", "nhanley@iom.int") in seen
    assert ("phone", "+592 225 37 45") in seen
    assert ("place", "Georgetown") in seen
