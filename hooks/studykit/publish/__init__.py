"""Site-wide output after the pages are written: CSP, search index."""
