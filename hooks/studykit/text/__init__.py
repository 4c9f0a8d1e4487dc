"""Pure text helpers: answer normalisation, sentences, date labels."""
