"""The web: the service of ``cssgraph serve`` (one ASGI app) and the static site of
``cssgraph publish``, both built on the stages below (store, query, validation, report).

- ``serve``      the app: validation page and REST API, and the parts below;
- ``pages``      the home page and dereferenceable IRIs: HTML pages and RDF by content negotiation;
- ``describe``   what the data says about a resource, as a page shows it (names, kind, outline);
- ``endpoint``   the read-only SPARQL endpoint;
- ``query_workers`` the processes that answer its queries, bounded and shared fairly;
- ``catalog``    the DCAT-AP and VoID description of the dataset, and the dumps;
- ``publish``    the same site as static files, with Apache and nginx negotiation rules;
- ``conneg``     content negotiation (RFC 9110), once for the whole service;
- ``caching``    ETag, Last-Modified, Cache-Control and 304 for what the server publishes;
- ``request_body`` a request's body read within bounds (uploads, queries).
"""
