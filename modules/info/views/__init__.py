"""Pages of the info module, split by subject."""
