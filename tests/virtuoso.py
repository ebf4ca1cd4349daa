"""Debian's Virtuoso open source, started on loopback with a private database and ini file."""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import tempfile
from pathlib import Path

from conftest import free_port, wait_until_up

PASSWORD = "cssgraph-test"


@contextlib.contextmanager
def virtuoso():
    """Yields (HTTP URL, dba password). Writes need Digest auth (/sparql-graph-crud-auth)."""
    binary = shutil.which("virtuoso-t")
    assert binary, "Virtuoso is missing: apt-get install virtuoso-opensource (`make test` does)"
    with tempfile.TemporaryDirectory(prefix="cssgraph-virtuoso-") as folder:
        sql_port, http_port = free_port(), free_port()
        ini = Path(folder) / "virtuoso.ini"
        ini.write_text(f"""[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DirsAllowed = .
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {folder}
ServerThreads = 10
Charset = UTF-8
""")
        process = subprocess.Popen(
            [binary, "+foreground", "+configfile", str(ini)],
            cwd=folder,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{http_port}"
        try:
            wait_until_up(url + "/sparql?query=ASK%7B%7D", process, "Virtuoso", seconds=60)
            # isql-vt exits 0 even when the statement fails: read what it printed
            answer = subprocess.run(
                ["isql-vt", f"127.0.0.1:{sql_port}", "dba", "dba", f"EXEC=user_set_password('dba','{PASSWORD}');"],
                capture_output=True,
                text=True,
                timeout=60,
            )
            assert "*** Error" not in answer.stdout + answer.stderr, answer.stdout + answer.stderr
            yield url, PASSWORD
        finally:
            process.terminate()
            process.wait(timeout=30)
