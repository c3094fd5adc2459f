"""Pages of the exchange, split by subject."""
