"""Ingest: files, folders and stdin in every supported format -> Documents.

Contract (used by the ledger and the CLI):

    iter_documents(paths, settings) -> Iterator[Document | IngestError]

yields one Document per article found, or one IngestError per file, line or record that could
not be read; a failure never stops the iteration.
"""
