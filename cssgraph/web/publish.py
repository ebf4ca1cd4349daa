"""The site of ``cssgraph serve`` as static files, for any static host (``cssgraph publish``).

Every resource is a folder holding each of its representations, so that a plain static host
already answers its IRI (``/id/x`` → ``/id/x/index.html``, the French page) and a web server
with the rules written beside it negotiates the rest exactly as ``cssgraph serve`` does:

    id/convention/…/indicator/3/index.var        Apache type map: every variant, for conneg
    id/convention/…/indicator/3/index.html       French page (what a plain host serves)
    id/convention/…/indicator/3/index.{fr,nl,en}.html
    id/convention/…/indicator/3/index.{ttl,jsonld,rdf,nt}

and likewise ``index.*`` at the root (home page), ``ontology/``, ``shapes/``, ``dataset/``; dumps in
``dumps/``. ``.htaccess`` holds Apache's rules; ``.nginx/maps.conf`` (http context) and
``.nginx/site.conf`` (server context) nginx's. The site is written to a temporary folder beside
``out`` and moved into place at the end: a failed run leaves the previous site untouched.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from cssgraph import folders
from cssgraph.errors import InputError
from cssgraph.settings import DEFAULTS, LANGUAGES, Settings
from cssgraph.web.catalog import DUMPS, Catalog
from cssgraph.web.documentation import documentations
from cssgraph.web.pages import FAVICON, FORMAT_NAMES, Site

RDF_EXTENSIONS = {name: media for name, media in FORMAT_NAMES.items() if name != "html"}
DEFAULT_LANGUAGE = "fr"


@dataclass
class Published:
    out: Path
    resources: int
    files: int


def publish(
    out: Path, store: ox.Store, site_url: str, settings: Settings = DEFAULTS, sparql_endpoint: str | None = None
) -> Published:
    """Write the static site for the data in ``store`` to ``out`` (replaced as a whole).
    ``site_url`` is where it will be served, for the dataset description's links."""
    out = Path(out)
    try:
        folders.recover(out)
        if out.exists() and not (out / "index.var").exists() and any(out.iterdir()):  # before any work
            raise InputError(
                str(out),
                "the folder holds files that are not a site cssgraph published",
                fix="choose a new or empty folder; cssgraph replaces only a site it wrote",
            )
        with folders.staging_beside(out, "publishing") as staging:
            site = Site(store, settings, live=False)
            count = _write_site(
                staging,
                site,
                Catalog(store, site, settings),
                site_url.rstrip("/"),
                sparql_endpoint,
            )
            files = sum(1 for path in staging.rglob("*") if path.is_file())
            staging.chmod(0o755)  # mkdtemp makes it private; a web server must read it
            folders.swap_into_place(staging, out, "publishing")
    except OSError as error:  # the staging folder is gone by now: the previous site, if any, is intact
        raise InputError(
            str(out),
            f"cannot write the site: {error.strerror}",
            fix="free some space, or choose another --out (the previous site is unchanged)",
        ) from None
    return Published(out, count, files)


def _write_site(root: Path, site: Site, catalog: Catalog, site_url: str, sparql_endpoint: str | None) -> int:
    _write_variants(root, {lang: site.home_page(lang) for lang in LANGUAGES}, {})
    _write_variants(root / "funding", {lang: site.funding_page(lang) for lang in LANGUAGES}, {})
    resources = site.data.resources()
    inside = root.resolve()
    for iri in resources:
        triples = site.data.description(iri)
        folder = root / site.path_of(iri).lstrip("/")
        if not folder.resolve().is_relative_to(inside):  # never a file outside the site
            raise InputError(
                iri.value,
                "this IRI would be published outside the site's folder",
                fix="write the IRI without '.' or '..' segments",
            )
        _write_variants(
            folder,
            {lang: site.resource_page(iri, triples, lang) for lang in LANGUAGES},
            {name: site.rdf(triples, media) for name, media in RDF_EXTENSIONS.items()},
        )
    for path, documentation in documentations(site).items():
        _write_variants(
            root / path.lstrip("/"),
            {lang: documentation.html(lang) for lang in LANGUAGES},
            {name: Site.rdf(documentation.triples, media) for name, media in RDF_EXTENSIONS.items()},
        )
    shutil.copyfile(FAVICON, root / "favicon.svg")
    _write_variants(
        root / "dataset",
        {lang: catalog.page(site_url, lang, sparql_endpoint) for lang in LANGUAGES},
        {name: catalog.description_as(site_url, media, sparql_endpoint) for name, media in RDF_EXTENSIONS.items()},
    )
    dumps = root / "dumps"
    dumps.mkdir()
    for name in DUMPS:
        body = catalog.dump(name)
        (dumps / f"cssgraph.{name}").write_bytes(body)
        (dumps / f"cssgraph.{name}.gz").write_bytes(catalog.zipped(name))
    (root / ".htaccess").write_text(APACHE_RULES, encoding="utf-8")
    (root / ".nginx").mkdir()
    (root / ".nginx" / "maps.conf").write_text(NGINX_MAPS, encoding="utf-8")
    (root / ".nginx" / "site.conf").write_text(NGINX_SITE, encoding="utf-8")
    return len(resources)


def _write_variants(folder: Path, pages: dict[str, str], rdf: dict[str, bytes]) -> None:
    """One representation per file, and the Apache type map that lists them."""
    folder.mkdir(parents=True, exist_ok=True)
    variants = []
    for lang, page in pages.items():
        (folder / f"index.{lang}.html").write_text(page, encoding="utf-8")
        variants.append(
            f"URI: index.{lang}.html\nContent-Type: text/html; charset=utf-8; qs=1.0\nContent-Language: {lang}\n"
        )
    if DEFAULT_LANGUAGE in pages:  # what a plain static host serves: the French page
        try:
            os.link(folder / f"index.{DEFAULT_LANGUAGE}.html", folder / "index.html")
        except OSError:  # a file system without hard links
            shutil.copyfile(folder / f"index.{DEFAULT_LANGUAGE}.html", folder / "index.html")
    for name, body in rdf.items():
        (folder / f"index.{name}").write_bytes(body)
        # RDF a little below HTML, so a browser that accepts */* gets the page; Turtle first of RDF.
        quality = "1.0" if not pages and name == "ttl" else ("0.9" if name == "ttl" else "0.8")
        variants.append(f"URI: index.{name}\nContent-Type: {RDF_EXTENSIONS[name]}; qs={quality}\n")
    (folder / "index.var").write_text("URI: index\n\n" + "\n".join(variants), encoding="utf-8")


# Apache 2.4 (mod_rewrite, mod_negotiation, mod_mime, mod_alias), in the site's root folder with
# AllowOverride FileInfo Options Indexes. Content negotiation is Apache's own, through each
# folder's type map: media type and language, with the q-values of Accept and Accept-Language.
APACHE_RULES = r"""# cssgraph static site: content negotiation as `cssgraph serve` does it.
Options -Indexes
DirectorySlash Off
AddHandler type-map .var
AddType text/turtle .ttl
AddType application/ld+json .jsonld
AddType application/rdf+xml .rdf
AddType application/n-triples .nt
AddType application/trig .trig
AddType application/n-quads .nq
# cssgraph.nq.gz: the type of .nq (not the system's application/gzip), with Content-Encoding
# gzip, as `cssgraph serve` sends it
RemoveType .gz
AddEncoding gzip .gz
AddCharset utf-8 .ttl .jsonld .nt .trig .nq .html
LanguagePriority fr nl en
ForceLanguagePriority Prefer Fallback

RewriteEngine On
# ?format=ttl|jsonld|rdf|nt|html and ?lang=fr|nl|en choose a representation outright.
RewriteCond %{QUERY_STRING} (?:^|&)format=(ttl|jsonld|rdf|nt)(?:&|$)
RewriteRule ^(.*?)/?$ $1/index.%1 [END]
RewriteCond %{QUERY_STRING} (?:^|&)lang=(fr|nl|en)(?:&|$)
RewriteRule ^(.*?)/?$ $1/index.%1.html [END]
RewriteCond %{QUERY_STRING} (?:^|&)format=html(?:&|$)
RewriteRule ^(.*?)/?$ $1/index.html [END]
# A suffix on an IRI (/id/…/indicator/3.ttl) names the representation too.
RewriteRule ^(id/.+)\.(ttl|jsonld|rdf|nt|html)$ $1/index.$2 [END]
# Otherwise Apache negotiates among the folder's variants.
RewriteCond %{REQUEST_FILENAME}/index.var -f
RewriteRule ^(.*?)/?$ $1/index.var [END]
RedirectMatch 404 /\.(htaccess|nginx)(/|$)
"""

# nginx: include maps.conf in the http block and site.conf in the server block whose root is the
# site. nginx does not weigh q-values: an Accept that lists text/html first (every browser) gets
# the page, else the first RDF type it names; Accept-Language's first fr|nl|en picks the language.
NGINX_MAPS = r"""# cssgraph static site, http context.
map "$arg_format|$http_accept" $cssgraph_format {
    "~^(?<named>ttl|jsonld|rdf|nt|html)\|"   $named;
    "~^\|\s*text/html"                       html;
    "~^\|[^|]*text/turtle"                   ttl;
    "~^\|[^|]*application/ld\+json"          jsonld;
    "~^\|[^|]*application/rdf\+xml"          rdf;
    "~^\|[^|]*application/n-triples"         nt;
    default                                  html;
}
map "$arg_lang|$http_accept_language" $cssgraph_language {
    "~^(?<asked>fr|nl|en)\|"                 $asked;
    "~^\|[^a-z]*(?<first>fr|nl|en)"          $first;
    default                                  fr;
}
map $cssgraph_format $cssgraph_variant {
    html     index.$cssgraph_language.html;
    default  index.$cssgraph_format;
}
"""
NGINX_SITE = r"""# cssgraph static site, server context (root = the published folder).
types {
    text/html              html;
    text/turtle            ttl;
    application/ld+json    jsonld;
    application/rdf+xml    rdf;
    application/n-triples  nt;
    application/trig       trig;
    application/n-quads    nq;
}
charset utf-8;
charset_types text/turtle application/ld+json application/n-triples application/trig application/n-quads;
location ~ /\. { return 404; }
location ~ ^(?<resource>/id/.+)\.(?<suffix>ttl|jsonld|rdf|nt|html)$ {
    try_files $resource/index.$suffix =404;
}
location /dumps/ {
    # cssgraph.nq.gz: the dump's own type, with Content-Encoding gzip (as `cssgraph serve` sends it)
    location ~ \.trig\.gz$   { types { } default_type application/trig;      add_header Content-Encoding gzip; }
    location ~ \.nq\.gz$     { types { } default_type application/n-quads;   add_header Content-Encoding gzip; }
    location ~ \.ttl\.gz$    { types { } default_type text/turtle;           add_header Content-Encoding gzip; }
    location ~ \.jsonld\.gz$ { types { } default_type application/ld+json;   add_header Content-Encoding gzip; }
}
location / {
    add_header Vary "Accept, Accept-Language" always;
    # the variant asked for; /dataset has no page and answers in Turtle
    try_files $uri/$cssgraph_variant $uri$cssgraph_variant $uri/index.ttl =404;
}
"""
