"""`client.phone_numbers`: the core phone-number calls."""
