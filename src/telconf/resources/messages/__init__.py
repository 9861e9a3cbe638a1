"""`client.messages`."""
