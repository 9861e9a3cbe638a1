"""`client.phone_numbers.voice`: list, retrieve, update."""
