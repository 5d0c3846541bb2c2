"""Where the shared data lives: the ``shared`` folder beside the repository (``../shared``), found from
this file upwards so that a checkout in a nested folder (a git worktree) finds it too."""
from __future__ import annotations

from pathlib import Path


def shared_folder() -> Path:
    """The nearest ``shared`` folder beside one of this repository's parent folders (``../shared`` of a
    plain checkout); ``../shared`` when there is none, so error messages name the usual place."""
    root = Path(__file__).resolve().parent.parent
    for parent in root.parents:
        if (parent / "shared").is_dir():
            return parent / "shared"
    return root.parent / "shared"


SHARED = shared_folder()
