"""Documents as a shared capability: Word templates and PDF/A, rendered in a separate process.

The kader uses it now; the IVP, the risk register and progress reports use it next. What a
capability brings is its own data (plain dicts and lists), its default Word template with a
sample to try uploads on, and the HTML of its PDF. This app does the rest:

* :mod:`documents.sandbox` — the Jinja environment of every Word template (Django-free);
* :mod:`documents.worker` — the render process: limits, the render tasks, and the small
  ``python -m documents.worker`` server that forks one process per render (Django-free);
* :mod:`documents.runner` — the parent's side: send plain data, get bytes or a typed error;
* :mod:`documents.errors` — the error types, each with its Dutch message (Django-free);
* :mod:`documents.word` and :mod:`documents.pdf` — checking and filling .docx templates,
  PDF/A-2a with the vendored fonts;
* :mod:`documents.slots` — at most ``DOCUMENT_RENDER_SLOTS`` renders at once per instance;
* :mod:`documents.models` / :mod:`documents.services` — a gemeente's own template per kind;
* :mod:`documents.http` — download responses and the "busy" page.

The modules marked Django-free are imported by the render process, which must never load
Django or touch the database. See docs/adr/0008-documents-render-sandbox.md.
"""
