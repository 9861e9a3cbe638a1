"""Seed files: the public JSON format that loads organisations, keys and inventory."""
