"""Loading the data files with every cross-file check."""
