"""Debian's Apache and nginx, started on loopback with a private configuration that serves a
published site with the rules `cssgraph publish` writes beside it (.htaccess, .nginx/)."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from conftest import free_port, wait_until_up

APACHE_MODULES = ("mpm_event", "authz_core", "mime", "rewrite", "negotiation", "alias", "dir")


@contextlib.contextmanager
def apache(site: Path):
    binary = _installed("apache2", "apache2")
    with tempfile.TemporaryDirectory(prefix="cssgraph-apache-") as folder:
        port = free_port()
        modules = "\n".join(
            f"LoadModule {name}_module /usr/lib/apache2/modules/mod_{name}.so" for name in APACHE_MODULES
        )
        config = Path(folder) / "httpd.conf"
        config.write_text(f"""ServerRoot {folder}
{modules}
Listen 127.0.0.1:{port}
ServerName localhost
PidFile {folder}/httpd.pid
ErrorLog {folder}/error.log
Mutex file:{folder}
User nobody
Group nogroup
TypesConfig /etc/mime.types
DocumentRoot {site}
<Directory {site}>
    AllowOverride FileInfo Options Indexes
    Require all granted
</Directory>
""")
        with _running([binary, "-f", str(config), "-DFOREGROUND"], port, "Apache", Path(folder)) as url:
            yield url


@contextlib.contextmanager
def nginx(site: Path):
    binary = _installed("nginx", "nginx-light")
    with tempfile.TemporaryDirectory(prefix="cssgraph-nginx-") as folder:
        port = free_port()
        config = Path(folder) / "nginx.conf"
        config.write_text(f"""daemon off;
user nobody nogroup;
pid {folder}/nginx.pid;
error_log {folder}/error.log;
events {{ worker_connections 64; }}
http {{
    access_log off;
    include {site}/.nginx/maps.conf;
    server {{
        listen 127.0.0.1:{port};
        root {site};
        include {site}/.nginx/site.conf;
    }}
}}
""")
        with _running([binary, "-p", folder, "-c", str(config)], port, "nginx", Path(folder)) as url:
            yield url


def _installed(program: str, package: str) -> str:
    binary = shutil.which(program) or f"/usr/sbin/{program}"
    assert Path(binary).exists(), f"{program} is missing: apt-get install {package} (`make test` does)"
    return binary


@contextlib.contextmanager
def _running(command: list[str], port: int, what: str, folder: Path):
    """The server started, its URL while it answers; its error log in the message if it does not."""
    # its own process group: the server's workers end with it, even when it failed to start
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        try:
            wait_until_up(url + "/", process, what)
        except RuntimeError as error:
            log = (folder / "error.log").read_text() if (folder / "error.log").exists() else "(no error log)"
            raise RuntimeError(f"{error}: {log[-2000:]}") from None
        yield url
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
