"""`client.phone_numbers.jobs`: list, retrieve, delete_batch, update_batch, update_emergency_settings_batch."""
