"""`client.messaging_profiles`."""
