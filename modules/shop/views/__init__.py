"""The shop's pages, split by topic (one module per topic; urls.py names them)."""
