"""`client.short_codes`."""
