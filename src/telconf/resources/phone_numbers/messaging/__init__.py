"""`client.phone_numbers.messaging`: list, retrieve, update."""
