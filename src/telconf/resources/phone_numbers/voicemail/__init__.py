"""`client.phone_numbers.voicemail`: retrieve, create, update."""
