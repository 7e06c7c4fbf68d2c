"""Ingest: inbox files to raw documents."""
