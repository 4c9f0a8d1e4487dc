"""Pure text helpers: answer normalisation, sentences."""
