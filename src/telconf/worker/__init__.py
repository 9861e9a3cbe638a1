"""The durable job runner shared by every asynchronous operation."""
