"""The web pages of ``quipu serve``: search, documents, entities and a SPARQL form.

Everything is rendered on the server, with no script and nothing from the internet.
A newcomer's map of the package:

- :mod:`.routes`: the FastAPI routes of the pages (``router(workspace)``);
- :mod:`.site`: what the pages read of the current generation, cached until the next;
- :mod:`.renderer`: the Jinja2 templates (``templates/``) filled in the reader's language,
  and the rule that picks it (``?lang=``, cookie, ``Accept-Language``, the question);
- :mod:`.messages`: every text of the pages, one catalog per language (Spanish, English);
- :mod:`.formats`: numbers, percentages, money and dates as each language writes them;
- :mod:`.names`: units, document genres and entities named in the page's language (vocabularies);
- :mod:`.charts`: the inline SVG pictures (an entity's neighbourhood, an indicator's values);
- :mod:`.markup`: passage text as safe HTML (the search snippet, the mention links);
- :mod:`.links`: the URLs of entities, documents, files and searches;
- ``static/quipu.css``: the one stylesheet, served by the router itself.

The SPARQL the pages run lives in :mod:`quipu.graph.documents` and :mod:`quipu.graph.explore`.
Include the pages with ``app.include_router(web.router(workspace))``.
"""

from .routes import router

__all__ = ["router"]
