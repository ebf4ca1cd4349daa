"""A folder replaced as a whole: the published site (``publish``) and the on-disk store
(``serve --location``).

The new content is written in a staging folder beside the target (``.NAME.PURPOSE-…``), then
swapped in with two renames. A process killed at any point leaves the previous folder or the
new one, never half of one: a swap killed between its renames is put right by ``recover``, and
staging folders of killed runs are found by ``leftovers``.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def staging_beside(target: Path, purpose: str) -> Iterator[Path]:
    """A new, empty folder beside ``target`` to write into; removed if the writing fails."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.{purpose}-"))
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def swap_into_place(staging: Path, target: Path, purpose: str) -> None:
    """Put the complete ``staging`` folder where ``target`` is, then remove the old folder and
    what killed runs of the same ``purpose`` left behind."""
    retired = _retired(target)
    shutil.rmtree(retired, ignore_errors=True)
    if target.exists():
        os.replace(target, retired)
    os.replace(staging, target)
    shutil.rmtree(retired, ignore_errors=True)
    for leftover in leftovers(target, purpose):
        shutil.rmtree(leftover, ignore_errors=True)


def recover(target: Path) -> None:
    """A swap killed between its two renames left the previous folder aside: put it back."""
    retired = _retired(target)
    if retired.exists() and not target.exists():
        os.replace(retired, target)


def leftovers(target: Path, purpose: str) -> list[Path]:
    """Staging folders that runs killed before their swap left beside ``target``."""
    return list(target.parent.glob(f".{target.name}.{purpose}-*"))


def _retired(target: Path) -> Path:
    return target.with_name(f".{target.name}.retired")
