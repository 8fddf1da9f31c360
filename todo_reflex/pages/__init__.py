"""One module per route; importing them registers the pages."""
