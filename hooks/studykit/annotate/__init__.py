"""Post-processing of rendered section pages: glossary links, furigana."""
