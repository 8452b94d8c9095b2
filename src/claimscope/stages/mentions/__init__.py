"""The mention layer: named entities (trained NER), gazetteer and profile entities with offline
geocoding, quantities and dates. Each extractor is its own registered stage; all of them add
``Mention`` objects to ``doc.mentions`` with ``source`` set to their stage name.
"""
