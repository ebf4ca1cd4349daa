"""The embedded store every command reads: the data (default data/) with the ontology and the
reference data beside it, in memory, or on disk where a fill is atomic (a new store is filled
beside the old one and swapped in only once complete; one left incomplete is refused)."""

from __future__ import annotations

import gc
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from cssgraph import folders
from cssgraph.errors import InputError
from cssgraph.iris import DEFAULT_BASE
from cssgraph.resources import default_data_dir, ontology_files, reference_data_file

if TYPE_CHECKING:
    import pyoxigraph as ox


def embedded_store(
    data: Iterable[str | Path] | None = None,
    base: str = DEFAULT_BASE,
    location: str | Path | None = None,
    context: bool = True,
    empty_ok: bool = False,
) -> ox.Store:
    """The embedded store: the data (default data/), with the ontology and the reference data
    beside it (unless ``context`` is False) so that queries can name kinds, concepts,
    municipalities and decrees whatever the data holds. In memory; or on disk at ``location``,
    where a store already filled is opened as it is (no parsing at start-up) unless ``data`` is
    given, which replaces its content. Empty files are refused unless ``empty_ok``."""
    import pyoxigraph as ox

    from cssgraph.rdfio import load_files

    files = [
        *(ontology_files() + [reference_data_file()] if context else []),
        *(list(data) if data else [default_data_dir()]),
    ]
    if location is None:
        return load_files(files, base=base, empty_ok=empty_ok)
    location = Path(location)
    try:
        folders.recover(location)
        empty = not location.exists() or not any(location.iterdir())
        interrupted = bool(folders.leftovers(location, "filling"))
        if data or (empty and not interrupted):
            _fill_then_swap(location, load_files(files, base=base, empty_ok=empty_ok))
        elif empty:  # the first fill was killed: its data is not there, and nothing may stand in for it
            raise InputError(
                str(location),
                "the fill of this store was interrupted: it holds no data",
                fix="fill it again with --data",
            )
        elif not (location / STORE_COMPLETE).exists():
            raise InputError(
                str(location),
                "this store was never completed (a fill was interrupted, or it is "
                "not a store cssgraph filled): it is not served",
                fix="fill it again with --data, or give an empty folder",
            )
        # Served read-only: nothing can change it, and a read-only store runs no background
        # threads, so the forked query workers do not inherit a lock some thread held.
        return ox.Store.read_only(str(location))
    except OSError as error:
        raise InputError(
            str(location),
            f"cannot open the store: {error}",
            fix="give a folder of its own (not used by another running cssgraph or oxigraph)",
        ) from None


# An on-disk store is complete when this file is in it: written last, after the data is flushed.
STORE_COMPLETE = "cssgraph-complete"


def _fill_then_swap(location: Path, loaded: ox.Store) -> None:
    """Fill a new store beside ``location`` and put it in its place only once complete: a fill
    killed at any point leaves the previous store (or none) in place, never half of one."""
    import pyoxigraph as ox

    with folders.staging_beside(location, "filling") as filling:
        store = ox.Store(str(filling))
        store.bulk_extend(loaded)
        store.flush()
        del store
        gc.collect()  # the store's files are closed before they move
        (filling / STORE_COMPLETE).write_text(f"{len(loaded)} statements\n", encoding="utf-8")
        folders.swap_into_place(filling, location, "filling")
