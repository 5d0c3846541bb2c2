"""Every command and subcommand has --help, a description, and help on every option."""
from __future__ import annotations

import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from kgbuilder.cli import main


def walk(group: click.Group, path=()):
    """(path, command) for every command under ``group``, groups included, so new commands are covered."""
    for name, command in sorted(group.commands.items()):
        yield (*path, name), command
        if isinstance(command, click.Group):
            yield from walk(command, (*path, name))


COMMANDS = list(walk(main))


def test_build_is_registered():
    assert "build" in main.commands


@pytest.mark.parametrize("path", [()] + [p for p, _ in COMMANDS], ids=lambda p: " ".join(p) or "kgbuilder")
def test_help(path):
    result = CliRunner().invoke(main, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Usage: ")
    assert "Traceback" not in result.output
    if path:
        assert "Examples:" in result.output, f"`kgbuilder {' '.join(path)} --help` shows no examples"


def test_every_command_module_is_registered():
    assert {"build", "load", "query", "view"} <= set(main.commands)


@pytest.mark.parametrize("path,command", COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_every_command_and_option_is_described(path, command):
    assert (command.help or "").strip(), f"`kgbuilder {' '.join(path)}` has no description"
    for param in command.params:
        if isinstance(param, click.Option) and not param.hidden:
            assert (param.help or "").strip(), f"`kgbuilder {' '.join(path)}` option {param.opts} has no help"


def test_version():
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    assert result.output.startswith("kgbuilder, version ")


def test_python_dash_m_runs_the_cli():
    done = subprocess.run([sys.executable, "-m", "kgbuilder", "--help"], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert "Usage: kgbuilder" in done.stdout and "build" in done.stdout


def test_help_does_not_load_spacy():
    code = ("import sys; from click.testing import CliRunner; from kgbuilder.cli import main; "
            "r = CliRunner().invoke(main, ['build', '--help']); assert r.exit_code == 0; "
            "print('spacy' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False", "the CLI imports spaCy before it needs it"
