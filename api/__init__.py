"""Quipu's faces: the HTTP API, the command line and the web pages, over ``quipu.workspace``.

- :mod:`.app`: the FastAPI app (health, search, ask, the SPARQL protocol, Linked Data, dump);
- :mod:`.entities`: the entity and graph routes under ``/v1`` (entities, paths, observations);
- :mod:`.answers`: answer cards, the graph's facts about the entities a question names;
- :mod:`.linkeddata`: entity IRIs that dereference, VoID, the JSON-LD context;
- :mod:`.schemas`: the JSON contract of the API and of ``--json`` (made from the workspace's results);
- :mod:`.params`: the closed sets of values parameters take (modes, formats, entity types);
- :mod:`.errors`: Quipu's errors as HTTP statuses, and the bounds on request sizes;
- :mod:`.forms`: reading request bodies and forms defensively;
- :mod:`.cli`: the ``quipu`` command;
- :mod:`.web`: the web pages (routes, templates, messages, charts).
"""
